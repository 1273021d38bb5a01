// SheetsModel: the cells of Google Sheets spreadsheets, and A1 notation
// (reference/api-semantics.md B). A spreadsheet belongs to a Drive file of the spreadsheet
// mimeType, by the same id: its title is the Drive file's name, so a rename through either API is
// seen by both, and a file deleted in Drive is gone from Sheets.
//
// Cells hold what was written: RAW input as is (string, number, bool); USER_ENTERED input parsed
// as if typed (numbers, TRUE/FALSE, a leading apostrophe forces text, a leading '=' is a formula).
// Formulas are stored, not evaluated: every render option returns their text. Dates are not
// parsed into serial numbers (they stay text). Writing "" clears a cell; null leaves it as is.
//
//   SheetsModel sheets(seed);
//   Spreadsheet& ss = sheets.Create(drive_file_id, {"Databases", "Properties"});
//   StatusOr<GridRange> r = ParseA1(ss, "Databases!A1:C");
#ifndef LOCKSTEP_MOCKS_SHEETS_SHEETS_MODEL_H_
#define LOCKSTEP_MOCKS_SHEETS_SHEETS_MODEL_H_

#include <cstdint>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "mocks/common/rng.h"
#include "src/status.h"

namespace lockstep::mocks {

struct Cell {
  nlohmann::json value;  // null: empty; a string, a number or a bool
  bool formula = false;  // value is the formula's text ("=A1+1")
};

struct Sheet {
  int64_t sheet_id = 0;
  std::string title;
  int row_count = 1000;
  int column_count = 26;
  std::vector<std::vector<Cell>> rows;  // ragged: only up to the last written cell
};

struct Spreadsheet {
  std::vector<Sheet> sheets;  // in index order
  std::string locale = "en_US";
  std::string time_zone = "Etc/GMT";

  int IndexOfTitle(std::string_view title) const;  // -1 when absent
  int IndexOfSheetId(int64_t sheet_id) const;      // -1 when absent
};

// A rectangle of one sheet, zero-based, end exclusive; an end of -1 is open (to the grid's edge).
struct GridRange {
  int sheet = 0;
  int row0 = 0;
  int row1 = -1;
  int col0 = 0;
  int col1 = -1;
};

// "Sheet1!A1:B2", "'My tab'!A:C", "Sheet1", "A1:B2" (the first sheet), "Sheet1!2:5", "A2:Z".
// Unknown sheets and malformed ranges are kInvalidArgument "Unable to parse range: ...".
StatusOr<GridRange> ParseA1(const Spreadsheet& ss, std::string_view a1);
// The range as the API prints it, bounded by the grid: "Sheet1!A1:Z1000", "'My tab'!B2".
std::string FormatA1(const Spreadsheet& ss, const GridRange& range);
std::string ColumnName(int col);  // 0 -> "A", 26 -> "AA"

// How a value written by a client becomes a cell.
Cell ParseInput(const nlohmann::json& input, bool user_entered);
// How a cell is read back: FORMATTED_VALUE (strings), UNFORMATTED_VALUE or FORMULA.
enum class RenderOption { kFormatted, kUnformatted, kFormula };
nlohmann::json RenderCell(const Cell& cell, RenderOption render);

class SheetsModel {
 public:
  explicit SheetsModel(uint64_t seed = 1) { Reset(seed); }
  void Reset(uint64_t seed);

  // The spreadsheet of a Drive file, created with one empty "Sheet1" on first use (a spreadsheet
  // made through Drive's files.create has no cells yet).
  Spreadsheet& Open(const std::string& file_id);
  // A new spreadsheet for `file_id` with these tab titles (empty: "Sheet1").
  Spreadsheet& Create(const std::string& file_id, const std::vector<std::string>& titles);
  void Forget(const std::string& file_id) { spreadsheets_.erase(file_id); }
  const std::map<std::string, Spreadsheet>& spreadsheets() const { return spreadsheets_; }
  int64_t NewSheetId();

  // Cell access within the sheet's grid. REQUIRES: the indices are inside the grid.
  static const Cell* At(const Sheet& sheet, int row, int col);
  static void Set(Sheet& sheet, int row, int col, Cell cell);
  // Rows [row0, row1) and columns [col0, col1) emptied.
  static void Clear(Sheet& sheet, const GridRange& range);
  // Inserts `count` empty rows before `row` (the grid grows by as many).
  static void InsertRows(Sheet& sheet, int row, int count);

 private:
  std::map<std::string, Spreadsheet> spreadsheets_;
  Rng ids_;
};

}  // namespace lockstep::mocks

#endif  // LOCKSTEP_MOCKS_SHEETS_SHEETS_MODEL_H_
