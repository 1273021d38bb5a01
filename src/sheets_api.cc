#include "src/sheets_api.h"

#include <cctype>

namespace lockstep {

int64_t SpreadsheetInfo::SheetId(std::string_view sheet_title) const {
  for (const SheetInfo& s : sheets) {
    if (s.title == sheet_title) return s.sheet_id;
  }
  return -1;
}

std::string SheetRange(std::string_view sheet_title, std::string_view cells) {
  bool plain = !sheet_title.empty() && !std::isdigit(static_cast<unsigned char>(sheet_title[0]));
  for (char c : sheet_title) plain = plain && (std::isalnum(static_cast<unsigned char>(c)) || c == '_');
  std::string out;
  if (plain) {
    out = sheet_title;
  } else {
    out = "'";
    for (char c : sheet_title) {
      out += c;
      if (c == '\'') out += '\'';
    }
    out += "'";
  }
  if (!cells.empty()) out += "!" + std::string(cells);
  return out;
}

}  // namespace lockstep
