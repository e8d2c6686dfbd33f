// The dashboard's files (mock_server/ui/), compiled into the program by
// cmake/embed_files.cmake, and their answers at GET /_mock/ui (the page) and
// GET /_mock/ui/<file>. They hold no data, so the control plane serves them without the admin
// token; the page's own calls carry it.
#pragma once

#include <optional>
#include <span>
#include <string_view>

#include "descript_mock/http_message.h"

namespace descript_mock {

inline constexpr std::string_view ui_path = "/_mock/ui";

struct EmbeddedFile {
  std::string_view name; // without a folder: "index.html"
  std::string_view bytes;
};

// Every file of mock_server/ui/ (generated).
std::span<const EmbeddedFile> ui_files();

// Whether the path is the page's or one of its files'.
bool is_ui_path(std::string_view path);
// The page (ui_path) or the file named after "ui_path/", with its content type, no caching
// without asking again, and a Content-Security-Policy allowing this origin only; nullopt
// for a name that is not one of the files.
std::optional<HttpResponse> ui_file_response(std::string_view path);

} // namespace descript_mock
