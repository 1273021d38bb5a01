#include "src/folder_naming.h"

#include <cstring>

namespace lockstep {
namespace {

bool IsJsWhitespace(unsigned char c) {
  // The ASCII part of JavaScript's String.prototype.trim set.
  return c == ' ' || c == '\t' || c == '\n' || c == '\v' || c == '\f' || c == '\r';
}

bool IsUtf8Continuation(unsigned char c) { return (c & 0xC0) == 0x80; }

}  // namespace

std::string SanitizeName(std::string_view s) {
  if (s.empty()) s = "Untitled";  // String(s || 'Untitled')
  std::string kept;
  kept.reserve(s.size());
  for (char ch : s) {
    const unsigned char c = static_cast<unsigned char>(ch);
    if (c < 0x20 || std::strchr("\\/:*?\"<>|#%", ch) != nullptr) continue;
    kept.push_back(ch);
  }
  size_t begin = 0;
  size_t end = kept.size();
  while (begin < end && IsJsWhitespace(static_cast<unsigned char>(kept[begin]))) ++begin;
  while (end > begin && IsJsWhitespace(static_cast<unsigned char>(kept[end - 1]))) --end;
  // Keep the first 150 characters, counting UTF-8 lead bytes.
  size_t chars = 0;
  size_t cut = begin;
  while (cut < end) {
    if (!IsUtf8Continuation(static_cast<unsigned char>(kept[cut]))) {
      if (chars == 150) break;
      ++chars;
    }
    ++cut;
  }
  return kept.substr(begin, cut - begin);
}

std::string_view DataSourceTitle(const DataSource& ds) {
  return ds.title.empty() ? std::string_view("Untitled database") : std::string_view(ds.title);
}

std::string DbFolderName(const DataSource& ds) {
  std::string name = SanitizeName(DataSourceTitle(ds));
  name += '_';
  name += ds.id;
  return name;
}

bool HasCopySuffix(std::string_view name) {
  size_t end = name.size();
  while (end > 0 && IsJsWhitespace(static_cast<unsigned char>(name[end - 1]))) --end;
  if (end == 0 || name[end - 1] != ')') return false;
  size_t digits_end = end - 1;
  size_t i = digits_end;
  while (i > 0 && name[i - 1] >= '0' && name[i - 1] <= '9') --i;
  if (i == digits_end || i == 0 || name[i - 1] != '(') return false;
  return true;
}

bool MatchesDataSource(std::string_view name, std::string_view ds_id) {
  if (ds_id.empty()) return false;
  for (size_t pos = name.find(ds_id); pos != std::string_view::npos;
       pos = name.find(ds_id, pos + 1)) {
    if (pos > 0 && name[pos - 1] == '_') return true;
  }
  return false;
}

}  // namespace lockstep
