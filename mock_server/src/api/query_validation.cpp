// The query parsers of the listings and of search: GET /jobs, GET /projects and GET /search,
// each a typed query or a 400 naming the parameter at fault (declared in api/validation.h).
#include "api/validation.h"

#include <algorithm>
#include <set>

#include "api/cursor.h"
#include "descript_common/text.h"
#include "descript_mock/time.h"

namespace descript_mock {

namespace {

// The `limit` of a listing, jobs or projects alike.
Outcome<std::size_t> parse_page_limit(const std::string &value) {
  const auto limit = descript_common::parse_whole<std::size_t>(value);
  if (!limit || *limit < 1 || *limit > max_list_limit)
    return invalid_input("limit must be an integer between 1 and " +
                         std::to_string(max_list_limit));
  return *limit;
}

} // namespace

Outcome<JobType> parse_job_type_field(std::string_view text, std::string_view field) {
  if (const auto type = parse_job_type(text)) return *type;
  std::string names;
  for (const auto name : job_type_names()) names.append(names.empty() ? "" : ", ").append(name);
  return invalid_input(std::string(field) + " must be one of [" + names + "]");
}

Outcome<JobState> parse_job_state_field(std::string_view text, std::string_view field) {
  if (const auto state = parse_job_state(text)) return *state;
  std::string names;
  for (const auto state : job_states)
    names.append(names.empty() ? "" : ", ").append(to_string(state));
  return invalid_input(std::string(field) + " must be one of [" + names + "]");
}

Outcome<JobQuery> parse_job_query(const FieldList &query) {
  JobQuery q;
  std::set<std::string_view> seen;
  for (const auto &[name, value] : query) {
    if (!seen.insert(name).second)
      return invalid_input("Query parameter '" + name + "' is given more than once");
    if (name == "limit") {
      const auto limit = parse_page_limit(value);
      if (!limit) return limit.error();
      q.limit = *limit;
    } else if (name == "cursor") {
      q.cursor = decode_cursor(value);
      if (!q.cursor)
        return invalid_input("cursor is not one this server issued: pass pagination.next_cursor "
                             "from a previous page unchanged");
    } else if (name == "type") {
      const auto type = parse_job_type_field(value, "type");
      if (!type) return type.error();
      q.type = *type;
    } else if (name == "project_id") {
      auto id = parse_uuid_field(value, "project_id");
      if (!id) return id.error();
      q.project_id = *id;
    } else if (name == "created_after" || name == "created_before") {
      const auto t = parse_iso(value);
      if (!t)
        return invalid_input(name + " must be an ISO 8601 date-time such as 2026-04-01T00:00:00Z");
      (name == "created_after" ? q.created_after : q.created_before) = *t;
    }
  }
  return q;
}

Outcome<ProjectQuery> parse_project_query(const FieldList &query) {
  ProjectQuery q;
  std::set<std::string_view> seen;
  std::optional<std::string> cursor;
  const std::pair<const char *, std::optional<TimePoint> ProjectQuery::*> windows[] = {
      {"created_after", &ProjectQuery::created_after},
      {"created_before", &ProjectQuery::created_before},
      {"updated_after", &ProjectQuery::updated_after},
      {"updated_before", &ProjectQuery::updated_before}};
  for (const auto &[name, value] : query) {
    if (!seen.insert(name).second)
      return invalid_input("Query parameter '" + name + "' is given more than once");
    if (name == "name") {
      q.name = value;
    } else if (name == "folder_path") {
      q.folder_path = value;
    } else if (name == "created_by") {
      if (value != "me" && !Uuid::parse(value))
        return invalid_input("created_by must be a user UUID or 'me'");
      q.created_by_me = value == "me";
    } else if (name == "sort") {
      const std::pair<const char *, ProjectSort> sorts[] = {
          {"name", ProjectSort::name},
          {"created_at", ProjectSort::created_at},
          {"updated_at", ProjectSort::updated_at},
          {"last_viewed_at", ProjectSort::last_viewed_at}};
      const auto it = std::find_if(std::begin(sorts), std::end(sorts),
                                   [&wanted = value](const auto &s) { return wanted == s.first; });
      if (it == std::end(sorts))
        return invalid_input("sort must be one of [name, created_at, updated_at, last_viewed_at]");
      q.sort = it->second;
    } else if (name == "direction") {
      if (value != "asc" && value != "desc")
        return invalid_input("direction must be one of [asc, desc]");
      q.ascending = value == "asc";
    } else if (name == "limit") {
      const auto limit = parse_page_limit(value);
      if (!limit) return limit.error();
      q.limit = *limit;
    } else if (name == "cursor") {
      cursor = value;
    } else {
      for (const auto &[window, member] : windows)
        if (name == window) {
          q.*member = parse_iso(value);
          if (!(q.*member))
            return invalid_input(name +
                                 " must be an ISO 8601 date-time such as 2026-04-01T00:00:00Z");
        }
    }
  }
  if (cursor) {
    q.cursor = decode_cursor(*cursor, q.sort, q.ascending);
    if (!q.cursor)
      return invalid_input(
          "cursor is not one this server issued for this sort and direction: pass "
          "pagination.next_cursor from a previous page unchanged, with the same sort "
          "and direction");
  }
  return q;
}

namespace {

// The most owners one search names: a filter, not a listing of the drive's people.
constexpr std::size_t max_search_owners = 100;

// An ISO 8601 date-time, or a date alone: the start of that UTC day, or with `end_of_day`
// its last millisecond, so that updated_before=2026-08-01 takes in all of the 1st. A
// date-time without an offset is UTC.
std::optional<TimePoint> parse_search_time(std::string_view text, bool end_of_day) {
  constexpr std::size_t date_chars = 10; // 2026-08-01
  if (text.size() == date_chars) {
    // Appended in place: g++ 12 sees a false out-of-bounds copy in `std::string + literal` here.
    std::string midnight(text);
    midnight += "T00:00:00Z";
    const auto day = parse_iso(midnight);
    if (!day) return std::nullopt;
    return end_of_day ? *day + std::chrono::days(1) - Duration(1) : *day;
  }
  const auto time_part = text.size() > date_chars ? text.substr(date_chars) : std::string_view{};
  const bool zoned = time_part.find_first_of("Zz+-") != std::string_view::npos;
  return parse_iso(zoned ? std::string(text) : std::string(text) + "Z");
}

template <class Enum, std::size_t N>
Outcome<Enum> parse_word(const descript_common::Names<Enum, N> &names, std::string_view name,
                         std::string_view value) {
  if (const auto found = descript_common::value_of(names, value)) return *found;
  return invalid_input(std::string(name) + " must be one of [" + descript_common::listed(names) +
                       "]");
}

} // namespace

Outcome<SearchQuery> parse_search_query(const FieldList &query) {
  SearchQuery q;
  std::set<std::string_view> seen;
  bool has_query = false;
  for (const auto &[name, value] : query) {
    const bool repeats = name == "owner" || name == "type" || name == "match";
    if (!repeats && !seen.insert(name).second)
      return invalid_input("Query parameter '" + name + "' is given more than once");
    if (name == "query") {
      if (value.size() > InputLimits::name_bytes)
        return invalid_input("query must be at most " + std::to_string(InputLimits::name_bytes) +
                             " bytes");
      q.query = value;
      has_query = true;
    } else if (name == "updated_after" || name == "updated_before") {
      const bool before = name == "updated_before";
      const auto t = parse_search_time(value, before);
      if (!t)
        return invalid_input(name +
                             " must be an ISO 8601 date such as 2026-08-01 or date-time such as "
                             "2026-08-01T09:30:00Z");
      (before ? q.updated_before : q.updated_after) = *t;
    } else if (name == "owner") {
      const auto id = Uuid::parse(value);
      if (!id)
        return invalid_input(
            "owner must be a user UUID such as 3fa85f64-5717-4562-b3fc-2c963f66afa6");
      if (q.owners.size() == max_search_owners)
        return invalid_input("owner may be given at most " + std::to_string(max_search_owners) +
                             " times");
      q.owners.push_back(*id);
    } else if (name == "type") {
      const auto type = parse_word(search_result_type_names, name, value);
      if (!type) return type.error();
      q.types.push_back(*type);
    } else if (name == "match") {
      const auto match = parse_word(search_match_names, name, value);
      if (!match) return match.error();
      q.matches.push_back(*match);
    } else if (name == "sort") {
      const auto sort = parse_word(search_sort_names, name, value);
      if (!sort) return sort.error();
      q.sort = *sort;
    } else if (name == "limit") {
      const auto limit = descript_common::parse_whole<std::size_t>(value);
      if (!limit || *limit < 1 || *limit > max_search_limit)
        return invalid_input("limit must be an integer between 1 and " +
                             std::to_string(max_search_limit));
      q.limit = *limit;
    }
  }
  if (!has_query) return invalid_input("query is required");
  if (q.query.find_first_not_of(" \t\r\n") == std::string::npos)
    return invalid_input("query must not be empty");
  const bool visual =
      std::find(q.matches.begin(), q.matches.end(), SearchMatch::visual) != q.matches.end();
  if (visual && std::any_of(q.matches.begin(), q.matches.end(),
                            [](SearchMatch m) { return m != SearchMatch::visual; }))
    return invalid_input("match=visual cannot be combined with another match kind");
  if (q.updated_after && q.updated_before && *q.updated_after > *q.updated_before)
    return invalid_input("updated_after must not be later than updated_before");
  // Repeated words mean no more than once.
  std::sort(q.types.begin(), q.types.end());
  q.types.erase(std::unique(q.types.begin(), q.types.end()), q.types.end());
  std::sort(q.matches.begin(), q.matches.end());
  q.matches.erase(std::unique(q.matches.begin(), q.matches.end()), q.matches.end());
  return q;
}

} // namespace descript_mock
