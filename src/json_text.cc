#include "src/json_text.h"

#include <algorithm>

#include <fmt/format.h>

namespace lockstep {
namespace {

int LineAt(const std::string& text, size_t at) {
  at = std::min(at, text.size());
  return 1 + static_cast<int>(std::count(text.begin(), text.begin() + static_cast<std::ptrdiff_t>(at), '\n'));
}

}  // namespace

Status JsonTextError(const std::string& label, int line, const std::string& what) {
  return Status(StatusCode::kInvalidArgument, 400, "badInput",
                line > 0 ? fmt::format("{}:{}: {}", label, line, what) : fmt::format("{}: {}", label, what));
}

StatusOr<nlohmann::json> ParseJsonText(const std::string& text, const std::string& label,
                                       const std::string& expected) {
  try {
    return nlohmann::json::parse(text);
  } catch (const nlohmann::json::parse_error& e) {
    return JsonTextError(label, LineAt(text, e.byte), fmt::format("not JSON ({} was expected)", expected));
  } catch (const nlohmann::json::exception& e) {  // out_of_range: a number too large for any type
    return JsonTextError(label, 0, fmt::format("not {}: {}", expected, e.what()));
  }
}

int JsonLineOfKey(const std::string& text, const std::string& key) {
  const size_t at = text.find(fmt::format("\"{}\"", key));
  return at == std::string::npos ? 0 : LineAt(text, at);
}

}  // namespace lockstep
