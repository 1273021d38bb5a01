// SheetsApi: the seam through which the core reads and writes Google Sheets (the registry
// spreadsheet "Notion Meta-DB Registry" with its 'Databases' and 'Properties' tabs).
//
// Spreadsheets are Drive files of the spreadsheet mimeType: create lands in My Drive (move it
// with DriveApi), and create is not idempotent (no client-chosen id). Cells are strings here; with
// ValueInput::kUserEntered they are parsed as if typed (as SpreadsheetApp's setValues does).
// Implementations: the HTTP client (src/http/sheets_http_client.h) and the mocks'. Every method
// may suspend the calling fiber in simulation and may block the calling thread in other modes.
//
//   StatusOr<Spreadsheet> ss = sheets.Create("Notion Meta-DB Registry", {"Databases", "Properties"});
//   Status s = sheets.Clear(ss->id, SheetRange("Databases"));
//   s = sheets.Update(ss->id, SheetRange("Databases", "A1"), rows, ValueInput::kUserEntered);
#ifndef LOCKSTEP_SRC_SHEETS_API_H_
#define LOCKSTEP_SRC_SHEETS_API_H_

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "src/status.h"

namespace lockstep {

inline constexpr std::string_view kSpreadsheetMimeType = "application/vnd.google-apps.spreadsheet";

using ValueRows = std::vector<std::vector<std::string>>;

struct SheetInfo {
  int64_t sheet_id = 0;
  std::string title;
};

struct SpreadsheetInfo {
  std::string id;
  std::string title;
  std::string url;
  std::vector<SheetInfo> sheets;  // in tab order

  // The tab's sheet id, or -1.
  int64_t SheetId(std::string_view sheet_title) const;
};

enum class ValueInput { kRaw, kUserEntered };

// An A1 range on a tab, the title quoted when it needs to be: SheetRange("My tab", "A1:C") is
// "'My tab'!A1:C"; without cells, the whole tab.
std::string SheetRange(std::string_view sheet_title, std::string_view cells = {});

class SheetsApi {
 public:
  virtual ~SheetsApi() = default;

  // Creates a spreadsheet in My Drive with these tabs (none: one "Sheet1"). Not idempotent: on a
  // server error it may or may not have been created.
  virtual StatusOr<SpreadsheetInfo> Create(std::string_view title, const std::vector<std::string>& sheet_titles) = 0;
  // The spreadsheet's title and tabs. kNotFound for an unknown id.
  virtual StatusOr<SpreadsheetInfo> Get(std::string_view spreadsheet_id) = 0;
  // Adds a tab at the end and returns its sheet id. kInvalidArgument if the title is taken.
  virtual StatusOr<int64_t> AddSheet(std::string_view spreadsheet_id, std::string_view title) = 0;
  // The values of a range as rows, trailing empty rows and cells omitted.
  virtual StatusOr<ValueRows> GetValues(std::string_view spreadsheet_id, std::string_view range) = 0;
  // Writes rows from the range's top-left cell. kInvalidArgument if they do not fit the range or
  // the grid.
  virtual Status UpdateValues(std::string_view spreadsheet_id, std::string_view range, const ValueRows& rows,
                              ValueInput input) = 0;
  // Appends rows after the table found in the range and returns the range written. Not
  // idempotent: a retried append adds the rows twice.
  virtual StatusOr<std::string> AppendValues(std::string_view spreadsheet_id, std::string_view range,
                                             const ValueRows& rows, ValueInput input) = 0;
  // Empties the range's cells (the grid keeps its size).
  virtual Status ClearValues(std::string_view spreadsheet_id, std::string_view range) = 0;
};

}  // namespace lockstep

#endif  // LOCKSTEP_SRC_SHEETS_API_H_
