#include "mocks/apps_script/runtime/gas_project.h"

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <set>
#include <sstream>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "src/file_text.h"

namespace lockstep::mocks {
namespace {

namespace fs = std::filesystem;

Status Bad(const fs::path& file, const std::string& what) {
  return Status(StatusCode::kInvalidArgument, 0, "gas-project", fmt::format("{}: {}", file.string(), what));
}

StatusOr<nlohmann::json> ReadJson(const fs::path& file) {
  std::optional<std::string> text = ReadFileText(file);
  if (!text) return Status(StatusCode::kNotFound, 0, "gas-project", fmt::format("{}: cannot open the file", file.string()));
  nlohmann::json j = nlohmann::json::parse(*text, nullptr, false);
  if (j.is_discarded() || !j.is_object()) return Bad(file, "expected a JSON object");
  return j;
}

bool GlobAt(std::string_view p, size_t pi, std::string_view s, size_t si) {
  while (pi < p.size()) {
    if (p.compare(pi, 2, "**") == 0) {
      pi += 2;
      if (pi < p.size() && p[pi] == '/') ++pi;
      for (size_t k = si; k <= s.size(); ++k) {
        if (GlobAt(p, pi, s, k)) return true;
      }
      return false;
    }
    if (p[pi] == '*') {
      ++pi;
      for (size_t k = si; k <= s.size(); ++k) {
        if (GlobAt(p, pi, s, k)) return true;
        if (k < s.size() && s[k] == '/') break;
      }
      return false;
    }
    if (si >= s.size()) return false;
    if (p[pi] != '?' && p[pi] != s[si]) return false;
    if (p[pi] == '?' && s[si] == '/') return false;
    ++pi;
    ++si;
  }
  return si == s.size();
}

}  // namespace

bool ClaspGlobMatches(std::string_view pattern, std::string_view path) {
  std::string p(pattern);
  if (!p.empty() && p.back() == '/') p += "**";
  if (p.find('/') == std::string::npos && !GlobAt(p, 0, path, 0)) {
    // A pattern without a slash matches a name at any depth.
    const size_t slash = path.rfind('/');
    return slash != std::string_view::npos && GlobAt(p, 0, path.substr(slash + 1), 0);
  }
  return GlobAt(p, 0, path, 0);
}

StatusOr<GasProject> LoadGasProject(const std::string& dir) {
  std::error_code ec;
  GasProject project;
  const fs::path base = fs::absolute(dir, ec).lexically_normal();
  if (ec || !fs::is_directory(base, ec)) {
    return Status(StatusCode::kNotFound, 0, "gas-project", fmt::format("{}: not a folder (an Apps Script project)", dir));
  }
  project.dir = base.string();
  fs::path root = base;
  std::vector<std::string> extensions = {".js", ".gs"};
  std::vector<std::string> push_order;
  bool skip_subdirectories = false;
  const fs::path clasp = base / ".clasp.json";
  if (fs::exists(clasp, ec)) {
    StatusOr<nlohmann::json> c = ReadJson(clasp);
    if (!c.ok()) return c.status();
    if (c->contains("rootDir")) {
      if (!(*c)["rootDir"].is_string()) return Bad(clasp, "rootDir: expected a string");
      const std::string r = (*c)["rootDir"];
      if (!r.empty()) root = (base / r).lexically_normal();
    }
    if (c->contains("scriptExtensions")) {
      extensions.clear();
      for (const auto& e : (*c)["scriptExtensions"]) {
        if (!e.is_string()) return Bad(clasp, "scriptExtensions: expected a list of strings");
        extensions.push_back(e.get<std::string>());
      }
    }
    if (c->contains("filePushOrder")) {
      for (const auto& f : (*c)["filePushOrder"]) {
        if (!f.is_string()) return Bad(clasp, "filePushOrder: expected a list of paths");
        push_order.push_back(f.get<std::string>());
      }
    }
    if (c->contains("skipSubdirectories")) skip_subdirectories = c->value("skipSubdirectories", false);
  }
  project.root = root.string();
  const fs::path manifest = root / "appsscript.json";
  StatusOr<nlohmann::json> m = ReadJson(manifest);
  if (!m.ok()) return m.status();
  project.time_zone = m->value("timeZone", std::string("America/New_York"));
  project.runtime_version = m->value("runtimeVersion", std::string("DEPRECATED_ES5"));
  if (project.runtime_version != "V8") {
    return Bad(manifest, fmt::format("runtimeVersion {}: lockstep runs the V8 runtime only (\"runtimeVersion\": \"V8\")",
                                     project.runtime_version));
  }
  std::vector<std::string> ignore = {"**/node_modules/**"};
  if (std::ifstream in(root / ".claspignore"); in) {
    ignore.clear();
    for (std::string line; std::getline(in, line);) {
      while (!line.empty() && (line.back() == '\r' || line.back() == ' ')) line.pop_back();
      if (!line.empty() && line[0] != '#') ignore.push_back(line);
    }
  }
  auto ignored = [&ignore](const std::string& rel) {
    bool out = false;
    for (const std::string& pattern : ignore) {
      if (pattern[0] == '!') {
        if (ClaspGlobMatches(std::string_view(pattern).substr(1), rel)) out = false;
      } else if (ClaspGlobMatches(pattern, rel)) {
        out = true;
      }
    }
    return out;
  };
  std::vector<std::string> found;
  for (auto it = fs::recursive_directory_iterator(root, ec); !ec && it != fs::recursive_directory_iterator();
       it.increment(ec)) {
    if (it->is_directory() && (skip_subdirectories || it->path().filename().string()[0] == '.')) {
      it.disable_recursion_pending();
      continue;
    }
    if (!it->is_regular_file()) continue;
    const std::string ext = it->path().extension().string();
    if (std::find(extensions.begin(), extensions.end(), ext) == extensions.end()) continue;
    const std::string rel = it->path().lexically_relative(root).generic_string();
    if (!ignored(rel)) found.push_back(rel);
  }
  if (ec) return Bad(root, ec.message());
  std::sort(found.begin(), found.end());
  std::set<std::string> placed;
  for (const std::string& f : push_order) {
    const std::string rel = fs::path(f).lexically_normal().generic_string();
    if (std::find(found.begin(), found.end(), rel) == found.end()) {
      return Bad(clasp, fmt::format("filePushOrder names {}, which is not a script file of the project", f));
    }
    if (placed.insert(rel).second) project.files.push_back(GasFile{rel, (root / rel).string()});
  }
  for (const std::string& rel : found) {
    if (placed.insert(rel).second) project.files.push_back(GasFile{rel, (root / rel).string()});
  }
  if (project.files.empty()) return Bad(root, "no script files (.js, .gs) to run");
  return project;
}

}  // namespace lockstep::mocks
