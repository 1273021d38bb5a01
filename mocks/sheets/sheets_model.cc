#include "mocks/sheets/sheets_model.h"

#include <algorithm>
#include <cctype>
#include <charconv>
#include <cmath>

#include <fmt/format.h>

namespace lockstep::mocks {
namespace {

using Json = nlohmann::json;

Status BadRange(std::string_view a1) {
  return Status(StatusCode::kInvalidArgument, 400, "INVALID_ARGUMENT",
                fmt::format("Unable to parse range: {}", a1));
}

// One end of a cell range: letters then digits, either may be missing.
struct Endpoint {
  int col = -1;  // -1: none
  int row = -1;  // zero-based; -1: none
};

bool ParseEndpoint(std::string_view s, Endpoint& out) {
  size_t i = 0;
  int64_t col = 0;
  while (i < s.size() && std::isalpha(static_cast<unsigned char>(s[i]))) {
    col = col * 26 + (std::toupper(static_cast<unsigned char>(s[i])) - 'A' + 1);
    if (col > 18278) return false;  // ZZZ
    ++i;
  }
  if (i > 0) out.col = static_cast<int>(col - 1);
  if (i < s.size()) {
    int row = 0;
    auto [ptr, ec] = std::from_chars(s.data() + i, s.data() + s.size(), row);
    if (ec != std::errc() || ptr != s.data() + s.size() || row < 1) return false;
    out.row = row - 1;
  }
  return !s.empty();
}

bool ParseCells(std::string_view s, GridRange& r) {
  const size_t colon = s.find(':');
  Endpoint a;
  if (!ParseEndpoint(s.substr(0, colon), a)) return false;
  if (colon == std::string_view::npos) {
    if (a.col < 0 || a.row < 0) return false;  // "A" or "5" alone is not a range
    r.row0 = a.row;
    r.row1 = a.row + 1;
    r.col0 = a.col;
    r.col1 = a.col + 1;
    return true;
  }
  Endpoint b;
  if (!ParseEndpoint(s.substr(colon + 1), b)) return false;
  if ((a.col < 0) != (b.col < 0) && (a.row < 0) == (b.row < 0)) return false;
  r.col0 = a.col < 0 ? 0 : a.col;
  r.col1 = b.col < 0 ? -1 : b.col + 1;
  r.row0 = a.row < 0 ? 0 : a.row;
  r.row1 = b.row < 0 ? -1 : b.row + 1;
  if (r.col1 >= 0 && r.col1 <= r.col0) std::swap(r.col0, r.col1), --r.col0, ++r.col1;
  if (r.row1 >= 0 && r.row1 <= r.row0) std::swap(r.row0, r.row1), --r.row0, ++r.row1;
  return true;
}

bool NeedsQuotes(const std::string& title) {
  if (title.empty() || std::isdigit(static_cast<unsigned char>(title[0]))) return true;
  for (char c : title) {
    if (!std::isalnum(static_cast<unsigned char>(c)) && c != '_') return true;
  }
  GridRange ignored;
  return ParseCells(title, ignored);  // "A1" as a title would read as a cell
}

std::string QuotedTitle(const std::string& title) {
  if (!NeedsQuotes(title)) return title;
  std::string out = "'";
  for (char c : title) {
    out += c;
    if (c == '\'') out += '\'';
  }
  return out + "'";
}

}  // namespace

int Spreadsheet::IndexOfTitle(std::string_view title) const {
  for (size_t i = 0; i < sheets.size(); ++i) {
    if (sheets[i].title == title) return static_cast<int>(i);
  }
  return -1;
}

int Spreadsheet::IndexOfSheetId(int64_t sheet_id) const {
  for (size_t i = 0; i < sheets.size(); ++i) {
    if (sheets[i].sheet_id == sheet_id) return static_cast<int>(i);
  }
  return -1;
}

std::string ColumnName(int col) {
  std::string out;
  for (int c = col + 1; c > 0; c = (c - 1) / 26) out.insert(out.begin(), static_cast<char>('A' + (c - 1) % 26));
  return out;
}

StatusOr<GridRange> ParseA1(const Spreadsheet& ss, std::string_view a1) {
  GridRange r;
  std::string title;
  std::string_view cells;
  bool has_sheet = false;
  if (!a1.empty() && a1[0] == '\'') {
    size_t i = 1;
    for (; i < a1.size(); ++i) {
      if (a1[i] != '\'') {
        title += a1[i];
      } else if (i + 1 < a1.size() && a1[i + 1] == '\'') {
        title += '\'';
        ++i;
      } else {
        break;
      }
    }
    if (i >= a1.size()) return BadRange(a1);
    ++i;
    if (i < a1.size()) {
      if (a1[i] != '!') return BadRange(a1);
      cells = a1.substr(i + 1);
    }
    has_sheet = true;
  } else if (const size_t bang = a1.rfind('!'); bang != std::string_view::npos) {
    title = std::string(a1.substr(0, bang));
    cells = a1.substr(bang + 1);
    has_sheet = true;
  } else if (ss.IndexOfTitle(a1) >= 0) {
    title = std::string(a1);
    has_sheet = true;
  } else {
    cells = a1;
  }
  if (ss.sheets.empty()) return BadRange(a1);
  if (has_sheet) {
    r.sheet = ss.IndexOfTitle(title);
    if (r.sheet < 0) return BadRange(a1);
  }
  if (!cells.empty() && !ParseCells(cells, r)) return BadRange(a1);
  if (has_sheet && cells.empty() && a1.back() == '!') return BadRange(a1);
  return r;
}

std::string FormatA1(const Spreadsheet& ss, const GridRange& range) {
  const Sheet& sheet = ss.sheets[range.sheet];
  const int row1 = range.row1 < 0 ? sheet.row_count : range.row1;
  const int col1 = range.col1 < 0 ? sheet.column_count : range.col1;
  std::string out = QuotedTitle(sheet.title) + "!" + ColumnName(range.col0) + std::to_string(range.row0 + 1);
  if (row1 - range.row0 > 1 || col1 - range.col0 > 1) {
    out += ":" + ColumnName(std::max(col1 - 1, range.col0)) + std::to_string(std::max(row1, range.row0 + 1));
  }
  return out;
}

Cell ParseInput(const Json& input, bool user_entered) {
  Cell cell;
  if (input.is_null()) return cell;
  if (!input.is_string()) {
    cell.value = input;
    return cell;
  }
  const std::string& s = input.get_ref<const std::string&>();
  if (s.empty()) return cell;
  if (!user_entered) {
    cell.value = s;
    return cell;
  }
  if (s[0] == '\'') {
    cell.value = s.substr(1);
  } else if (s[0] == '=') {
    cell.value = s;
    cell.formula = true;
  } else if (s == "TRUE" || s == "true" || s == "True" || s == "FALSE" || s == "false" || s == "False") {
    cell.value = s[0] == 'T' || s[0] == 't';
  } else {
    double d = 0;
    const char* begin = s.data() + (s[0] == '+' ? 1 : 0);
    auto [ptr, ec] = std::from_chars(begin, s.data() + s.size(), d);
    if (ec == std::errc() && ptr == s.data() + s.size() && std::isfinite(d)) {
      if (d == std::floor(d) && std::fabs(d) < 1e15) cell.value = static_cast<int64_t>(d);
      else cell.value = d;
    } else {
      cell.value = s;
    }
  }
  return cell;
}

Json RenderCell(const Cell& cell, RenderOption render) {
  if (cell.value.is_null()) return "";
  if (cell.formula || cell.value.is_string()) return cell.value;
  if (render != RenderOption::kFormatted) return cell.value;
  if (cell.value.is_boolean()) return cell.value.get<bool>() ? "TRUE" : "FALSE";
  if (cell.value.is_number_integer()) return std::to_string(cell.value.get<int64_t>());
  const double d = cell.value.get<double>();
  if (d == std::floor(d) && std::fabs(d) < 1e15) return std::to_string(static_cast<int64_t>(d));
  return fmt::format("{:.10g}", d);
}

void SheetsModel::Reset(uint64_t seed) {
  spreadsheets_.clear();
  ids_ = Rng::Stream(seed, "sheets.ids");
}

int64_t SheetsModel::NewSheetId() { return static_cast<int64_t>(ids_.Uniform(2'000'000'000)) + 1; }

Spreadsheet& SheetsModel::Open(const std::string& file_id) {
  auto it = spreadsheets_.find(file_id);
  if (it != spreadsheets_.end()) return it->second;
  return Create(file_id, {});
}

Spreadsheet& SheetsModel::Create(const std::string& file_id, const std::vector<std::string>& titles) {
  Spreadsheet& ss = spreadsheets_[file_id];
  ss = Spreadsheet{};
  if (titles.empty()) {
    ss.sheets.push_back(Sheet{.sheet_id = 0, .title = "Sheet1"});
  }
  for (size_t i = 0; i < titles.size(); ++i) {
    ss.sheets.push_back(Sheet{.sheet_id = i == 0 ? 0 : NewSheetId(), .title = titles[i]});
  }
  return ss;
}

const Cell* SheetsModel::At(const Sheet& sheet, int row, int col) {
  if (row >= static_cast<int>(sheet.rows.size())) return nullptr;
  const auto& r = sheet.rows[row];
  if (col >= static_cast<int>(r.size())) return nullptr;
  return r[col].value.is_null() ? nullptr : &r[col];
}

void SheetsModel::Set(Sheet& sheet, int row, int col, Cell cell) {
  if (cell.value.is_null() && At(sheet, row, col) == nullptr) return;
  if (row >= static_cast<int>(sheet.rows.size())) sheet.rows.resize(row + 1);
  auto& r = sheet.rows[row];
  if (col >= static_cast<int>(r.size())) r.resize(col + 1);
  r[col] = std::move(cell);
}

void SheetsModel::Clear(Sheet& sheet, const GridRange& range) {
  const int row1 = range.row1 < 0 ? sheet.row_count : range.row1;
  const int col1 = range.col1 < 0 ? sheet.column_count : range.col1;
  for (int row = range.row0; row < std::min<int>(row1, sheet.rows.size()); ++row) {
    auto& r = sheet.rows[row];
    for (int col = range.col0; col < std::min<int>(col1, r.size()); ++col) r[col] = Cell{};
  }
}

void SheetsModel::InsertRows(Sheet& sheet, int row, int count) {
  if (row < static_cast<int>(sheet.rows.size())) {
    sheet.rows.insert(sheet.rows.begin() + row, count, std::vector<Cell>{});
  }
  sheet.row_count += count;
}

}  // namespace lockstep::mocks
