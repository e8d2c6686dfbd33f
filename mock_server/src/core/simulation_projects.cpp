// The simulation's projects as readers see them: GET /projects' pages, a drive's projects in
// creation order (what search indexes) and the share pages GET /published_projects finds.
#include "core/simulation.h"

#include <algorithm>
#include <tuple>

#include "descript_common/text.h"

namespace descript_mock {

namespace {

ProjectKey key_of(const Project &p, ProjectSort sort) {
  switch (sort) {
  case ProjectSort::name: return {p.name, 0, p.seq};
  case ProjectSort::created_at: return {"", p.created_at.time_since_epoch().count(), p.seq};
  case ProjectSort::updated_at:
  case ProjectSort::last_viewed_at: break; // nobody views projects here: last change stands in
  }
  return {"", p.updated_at.time_since_epoch().count(), p.seq};
}

bool key_less(const ProjectKey &a, const ProjectKey &b) {
  return std::tie(a.name, a.ms, a.seq) < std::tie(b.name, b.ms, b.seq);
}

} // namespace

void Simulation::for_each_project(const Uuid &drive_id,
                                  const std::function<void(const Project &)> &visit) const {
  const auto d = drives_.find(drive_id);
  if (d == drives_.end()) return;
  for (const Uuid &id : d->second.projects) visit(projects_.at(id));
}

// A scan rather than an index: few projects have share pages, and a page's URL is chosen
// inside a job kind, which keeps no index of the simulation's.
std::optional<Simulation::SharePageRef> Simulation::find_share_page(std::string_view slug) const {
  for (const auto &[id, project] : projects_)
    for (const auto &page : project.share_pages) {
      const std::string_view url = page.share_url;
      if (url.size() > slug.size() && url.ends_with(slug) &&
          url[url.size() - slug.size() - 1] == '/')
        return SharePageRef{&project, &page};
    }
  return std::nullopt;
}

ProjectPage Simulation::list_projects(const Uuid &drive_id, const ProjectQuery &q) const {
  using descript_common::lower;
  ProjectPage page;
  const auto d = drives_.find(drive_id);
  if (d == drives_.end() || !q.created_by_me) return page;
  const auto after = [](TimePoint t, const std::optional<TimePoint> &bound) {
    return !bound || t > *bound;
  };
  const auto before = [](TimePoint t, const std::optional<TimePoint> &bound) {
    return !bound || t < *bound;
  };
  const std::string name_part = lower(q.name.value_or(""));
  const std::string folder = folder_path_of(q.folder_path.value_or(""));

  // Projects are few next to jobs, so a page sorts the drive's matches rather than keeping an
  // index for every sort order.
  std::vector<std::pair<ProjectKey, const Project *>> matches;
  for (const Uuid &id : d->second.projects) {
    const Project &p = projects_.at(id);
    if (q.name && lower(p.name).find(name_part) == std::string::npos) continue;
    if (q.folder_path && p.folder_path != folder) continue;
    if (!after(p.created_at, q.created_after) || !before(p.created_at, q.created_before)) continue;
    if (!after(p.updated_at, q.updated_after) || !before(p.updated_at, q.updated_before)) continue;
    ProjectKey key = key_of(p, q.sort);
    if (q.cursor && (q.ascending ? !key_less(*q.cursor, key) : !key_less(key, *q.cursor))) continue;
    matches.emplace_back(std::move(key), &p);
  }
  std::sort(matches.begin(), matches.end(), [&](const auto &a, const auto &b) {
    return q.ascending ? key_less(a.first, b.first) : key_less(b.first, a.first);
  });
  for (std::size_t i = 0; i < matches.size() && i < q.limit; ++i)
    page.projects.push_back(matches[i].second);
  if (matches.size() > q.limit) page.next_cursor = matches[q.limit - 1].first;
  return page;
}

} // namespace descript_mock
