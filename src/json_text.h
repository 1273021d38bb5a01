// JSON text read from a file a user gave: a parse error names the file and the line where the
// text stops being JSON, and a field's error can point at the line of its key.
//
//   StatusOr<nlohmann::json> j = ParseJsonText(text, "shard.json", "a lockstep-shard/1 file");
//   // "shard.json:7: not JSON (a lockstep-shard/1 file was expected)"
//   int line = JsonLineOfKey(text, "seed");  // 0 when the key is not there
#ifndef LOCKSTEP_SRC_JSON_TEXT_H_
#define LOCKSTEP_SRC_JSON_TEXT_H_

#include <string>

#include <nlohmann/json.hpp>

#include "src/status.h"

namespace lockstep {

// `expected` names what the file should have been. Numbers no type can hold (2e1367) are errors
// too, not exceptions.
StatusOr<nlohmann::json> ParseJsonText(const std::string& text, const std::string& label,
                                       const std::string& expected);

// The line of the first occurrence of "\"key\"" in the text; 0 when it is not there.
int JsonLineOfKey(const std::string& text, const std::string& key);

// "label:line: what" (or "label: what" when line is 0), as an invalid-argument Status.
Status JsonTextError(const std::string& label, int line, const std::string& what);

}  // namespace lockstep

#endif  // LOCKSTEP_SRC_JSON_TEXT_H_
