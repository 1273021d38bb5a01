// GasProject: a clasp project folder as Apps Script would run it: the manifest
// (appsscript.json: time zone, runtime), and the script files in the order clasp pushes them
// (.clasp.json's filePushOrder first, then the rest sorted by path, with its rootDir,
// scriptExtensions, skipSubdirectories and .claspignore honoured). Files share one global scope in
// that order.
//
//   StatusOr<GasProject> p = LoadGasProject("/work/prod/v27");
//   if (!p.ok()) { ... p.status().message() names the file and what was wrong ... }
//   for (const GasFile& f : p->files) ...   // "Code.js", then the helpers
#ifndef LOCKSTEP_MOCKS_APPS_SCRIPT_RUNTIME_GAS_PROJECT_H_
#define LOCKSTEP_MOCKS_APPS_SCRIPT_RUNTIME_GAS_PROJECT_H_

#include <string>
#include <vector>

#include "src/status.h"

namespace lockstep::mocks {

struct GasFile {
  std::string name;  // relative to the project's root ("Code.js", "lib/util.gs")
  std::string path;  // absolute
};

struct GasProject {
  std::string dir;        // absolute
  std::string root;       // absolute: dir, or dir/rootDir
  std::string time_zone;  // appsscript.json timeZone
  std::string runtime_version;
  std::vector<GasFile> files;  // in push order
};

// Errors (kInvalidArgument, kNotFound) name the file: "<dir>/appsscript.json: ...".
StatusOr<GasProject> LoadGasProject(const std::string& dir);

// True if `path` (relative, '/'-separated) matches the .claspignore glob `pattern` (`*` within a
// segment, `**` across segments, `?` one character; a pattern ending in '/' matches a folder).
bool ClaspGlobMatches(std::string_view pattern, std::string_view path);

}  // namespace lockstep::mocks

#endif  // LOCKSTEP_MOCKS_APPS_SCRIPT_RUNTIME_GAS_PROJECT_H_
