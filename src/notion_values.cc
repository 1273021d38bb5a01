#include "src/notion_values.h"

#include <algorithm>
#include <cctype>
#include <set>

#include "src/internal/text.h"

namespace lockstep {
namespace {

using Json = nlohmann::json;
using internal::Lower;
using internal::Trim;

std::vector<std::string> SplitTrimmed(std::string_view s, std::string_view sep) {
  std::vector<std::string> out;
  size_t pos = 0;
  while (true) {
    const size_t next = s.find(sep, pos);
    std::string part = Trim(s.substr(pos, next == std::string_view::npos ? std::string_view::npos : next - pos));
    if (!part.empty()) out.push_back(std::move(part));
    if (next == std::string_view::npos) break;
    pos = next + sep.size();
  }
  return out;
}

std::string JoinNames(const Json& items, const char* key) {
  std::string out;
  for (const Json& it : items) {
    if (!out.empty()) out += ", ";
    out += it.is_object() ? it.value(key, std::string()) : std::string();
  }
  return out;
}

Json RichText(std::string_view text) {
  if (text.empty()) return Json::array();
  return Json::array({Json{{"type", "text"}, {"text", {{"content", text}}}}});
}

// The production regex /^true|1|yes$/i: alternation binds loosest.
bool CheckboxCell(std::string_view cell) {
  const std::string l = Lower(cell);
  return l.rfind("true", 0) == 0 || l.find('1') != std::string::npos ||
         (l.size() >= 3 && l.compare(l.size() - 3, 3, "yes") == 0);
}

}  // namespace

std::string PlainTextOf(const Json& rich_text) {
  std::string out;
  if (!rich_text.is_array()) return out;
  for (const Json& t : rich_text) {
    if (t.contains("plain_text")) {
      out += t["plain_text"].get<std::string>();
    } else if (t.contains("text")) {
      out += t["text"].value("content", std::string());
    }
  }
  return out;
}

std::string ExtractPropertyValue(const Json& value) {
  if (!value.is_object()) return {};
  const std::string type = value.value("type", std::string());
  if (!value.contains(type)) return {};
  const Json& v = value[type];
  if (type == "title" || type == "rich_text") return PlainTextOf(v);
  if (v.is_null()) return {};
  if (type == "number") {
    if (v.is_number_integer()) return std::to_string(v.get<int64_t>());
    std::string s = v.dump();
    return s;
  }
  if (type == "select" || type == "status") return v.value("name", std::string());
  if (type == "multi_select") return JoinNames(v, "name");
  if (type == "date") {
    std::string s = v.value("start", std::string());
    if (v.contains("end") && v["end"].is_string()) s += " → " + v["end"].get<std::string>();
    return s;
  }
  if (type == "people") {
    std::string out;
    for (const Json& p : v) {
      if (!out.empty()) out += ", ";
      out += p.contains("name") ? p.value("name", std::string()) : p.value("id", std::string());
    }
    return out;
  }
  if (type == "files") return JoinNames(v, "name");
  if (type == "checkbox") return v.get<bool>() ? "true" : "false";
  if (type == "url" || type == "email" || type == "phone_number" || type == "created_time" ||
      type == "last_edited_time") {
    return v.is_string() ? v.get<std::string>() : std::string();
  }
  if (type == "relation") return JoinNames(v, "id");
  if (type == "created_by" || type == "last_edited_by") return v.value("id", std::string());
  if (type == "unique_id") {
    const std::string prefix = v.value("prefix", Json()).is_string() ? v["prefix"].get<std::string>() : "";
    const std::string n = v.contains("number") ? v["number"].dump() : "";
    return prefix.empty() ? n : prefix + "-" + n;
  }
  return v.dump();
}

std::optional<Json> CsvCellToPropertyValue(std::string_view type, std::string_view cell) {
  static const std::set<std::string, std::less<>> kNeverWritten = {
      "relation", "people", "files", "formula", "rollup", "unique_id",
      "created_time", "created_by", "last_edited_time", "last_edited_by"};
  if (kNeverWritten.count(type) > 0) return std::nullopt;
  const std::string t(type);
  if (type == "title" || type == "rich_text") return Json{{t, RichText(cell)}};
  if (type == "number") {
    if (Trim(cell).empty()) return Json{{t, nullptr}};
    char* end = nullptr;
    const std::string s = Trim(cell);
    const double d = std::strtod(s.c_str(), &end);
    if (end == s.c_str() || *end != '\0') return Json{{t, nullptr}};
    return Json{{t, d}};
  }
  if (type == "select" || type == "status") {
    if (Trim(cell).empty()) return Json{{t, nullptr}};
    return Json{{t, {{"name", Trim(cell)}}}};
  }
  if (type == "multi_select") {
    Json options = Json::array();
    for (const std::string& name : SplitTrimmed(cell, ",")) options.push_back({{"name", name}});
    return Json{{t, options}};
  }
  if (type == "date") {
    if (Trim(cell).empty()) return Json{{t, nullptr}};
    std::vector<std::string> parts = SplitTrimmed(cell, "→");
    Json d{{"start", parts.empty() ? Trim(cell) : parts[0]}};
    if (parts.size() > 1) d["end"] = parts[1];
    return Json{{t, d}};
  }
  if (type == "checkbox") return Json{{t, CheckboxCell(cell)}};
  if (type == "url" || type == "email" || type == "phone_number") {
    if (Trim(cell).empty()) return Json{{t, nullptr}};
    return Json{{t, std::string(cell)}};
  }
  return Json{{"rich_text", RichText(cell)}};  // unknown types are written as text
}

bool IsSafeToDeleteType(std::string_view type) {
  static const std::set<std::string, std::less<>> kNever = {
      "title", "formula", "rollup", "relation", "people", "files", "created_time",
      "created_by", "last_edited_time", "last_edited_by", "unique_id"};
  return kNever.count(type) == 0;
}

Json PropertyConfigFromType(std::string_view type, const CsvRows& rows, size_t column) {
  static const std::set<std::string, std::less<>> kSimple = {"rich_text", "number", "date", "checkbox",
                                                            "url", "email", "phone_number", "title"};
  const std::string t(type);
  if (type == "select" || type == "multi_select") {
    std::vector<std::string> names;
    std::set<std::string> seen;
    // Rows 3 and later are data; at most 198 sampled, at most 80 options.
    for (size_t r = 2; r < rows.size() && r < 200 && names.size() < 80; ++r) {
      if (column >= rows[r].size()) continue;
      const std::vector<std::string> cells =
          type == "multi_select" ? SplitTrimmed(rows[r][column], ",") : std::vector<std::string>{Trim(rows[r][column])};
      for (const std::string& c : cells) {
        if (!c.empty() && names.size() < 80 && seen.insert(c).second) names.push_back(c);
      }
    }
    Json options = Json::array();
    for (const std::string& n : names) options.push_back({{"name", n}});
    return Json{{t, {{"options", options}}}};
  }
  if (kSimple.count(type) > 0) return Json{{t, Json::object()}};
  return Json{{"rich_text", Json::object()}};
}

}  // namespace lockstep
