#include "api/state_json_fields.h"

namespace descript_mock::state_fields {

// Keys in sorted order, as the rest of the state (state_json.cpp).
void write_library(JsonWriter &w, const std::vector<LibraryFolder> &folders,
                   const std::vector<LibraryFile> &files) {
  w.begin_object().key("files").begin_array();
  for (const auto &f : files) {
    w.begin_object().key("asset_id").string(f.asset_id).key("duration_seconds");
    write_or_null(w, f.duration_seconds);
    w.key("folder_id");
    write_or_null(w, f.folder_id);
    w.key("kind").number(std::int64_t(f.kind)).key("name").string(f.name);
    w.key("updated_at_ms").number(ms(f.updated_at)).end_object();
  }
  w.end_array().key("folders").begin_array();
  for (const auto &f : folders) {
    w.begin_object().key("id").string(f.id).key("name").string(f.name);
    w.key("updated_at_ms").number(ms(f.updated_at)).end_object();
  }
  w.end_array().end_object();
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
