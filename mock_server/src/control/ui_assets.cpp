#include "control/ui_assets.h"

#include <array>
#include <utility>

namespace descript_mock {

namespace {

constexpr std::string_view page_file = "index.html";

// By the name's ending; the page's files are only of these kinds.
constexpr std::array<std::pair<std::string_view, std::string_view>, 4> content_types{{
    {".html", "text/html; charset=utf-8"},
    {".js", "text/javascript; charset=utf-8"},
    {".css", "text/css; charset=utf-8"},
    {".svg", "image/svg+xml"},
}};

std::string_view content_type_of(std::string_view name) {
  for (const auto &[ending, type] : content_types)
    if (name.size() > ending.size() && name.ends_with(ending)) return type;
  return "application/octet-stream";
}

} // namespace

bool is_ui_path(std::string_view path) {
  return path == ui_path ||
         (path.starts_with(ui_path) && path.size() > ui_path.size() && path[ui_path.size()] == '/');
}

std::optional<HttpResponse> ui_file_response(std::string_view path) {
  std::string_view name = page_file;
  if (path != ui_path && path.size() > ui_path.size() + 1) name = path.substr(ui_path.size() + 1);
  for (const auto &file : ui_files()) {
    if (file.name != name) continue;
    HttpResponse response;
    response.content_type = std::string(content_type_of(file.name));
    response.body = std::string(file.bytes);
    response.headers.emplace_back("Cache-Control", "no-cache");
    response.headers.emplace_back("Content-Security-Policy",
                                  "default-src 'self'; base-uri 'self'; form-action 'self'; "
                                  "frame-ancestors 'self'; object-src 'none'");
    response.headers.emplace_back("X-Content-Type-Options", "nosniff");
    return response;
  }
  return std::nullopt;
}

} // namespace descript_mock
