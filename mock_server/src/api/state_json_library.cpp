#include "api/state_json_fields.h"

namespace descript_mock::state_fields {

json library_to_json(const std::vector<LibraryFolder> &folders,
                     const std::vector<LibraryFile> &files) {
  json out{{"folders", json::array()}, {"files", json::array()}};
  for (const auto &f : folders)
    out["folders"].push_back(
        {{"id", id(f.id)}, {"name", f.name}, {"updated_at_ms", ms(f.updated_at)}});
  for (const auto &f : files)
    out["files"].push_back({{"asset_id", id(f.asset_id)},
                            {"name", f.name},
                            {"kind", int(f.kind)},
                            {"duration_seconds", optional_value(f.duration_seconds)},
                            {"folder_id", f.folder_id ? json(id(*f.folder_id)) : json()},
                            {"updated_at_ms", ms(f.updated_at)}});
  return out;
}

void library_from_json(const json &drive, SimulationState::DriveState &state) {
  const json empty{{"folders", no_items}, {"files", no_items}};
  const json &library = added(drive, "media_library", empty);
  for (const auto &f : library.at("folders"))
    state.library_folders.push_back({uuid(f.at("id")), f.at("name"), at_ms(f.at("updated_at_ms"))});
  for (const auto &f : library.at("files")) {
    const json &folder = f.at("folder_id");
    state.library_files.push_back(
        {uuid(f.at("asset_id")), f.at("name"), enumerator(f.at("kind"), MediaKind::other),
         optional_from<double>(f.at("duration_seconds")),
         folder.is_null() ? std::nullopt : std::optional<Uuid>(uuid(folder)),
         at_ms(f.at("updated_at_ms"))});
  }
}

} // namespace descript_mock::state_fields
