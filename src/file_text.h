// ReadFileText: a whole file's bytes, or nothing when it cannot be opened or read. Every reader of
// a scenario, trace, state snapshot, shard state, listing or project file starts here; each says
// in its own words what the file should have been.
//
//   std::optional<std::string> text = ReadFileText(path);
//   if (!text) return Status(StatusCode::kNotFound, 0, "scenario", path + ": cannot open the file");
#ifndef LOCKSTEP_SRC_FILE_TEXT_H_
#define LOCKSTEP_SRC_FILE_TEXT_H_

#include <filesystem>
#include <optional>
#include <string>

namespace lockstep {

std::optional<std::string> ReadFileText(const std::filesystem::path& path);

}  // namespace lockstep

#endif  // LOCKSTEP_SRC_FILE_TEXT_H_
