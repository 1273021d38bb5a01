// Csv: the production job's CSV dialect (spec section 4.2): a value is quoted when it holds '"',
// ',' or '\n' (quotes doubled); lines are joined with '\n'. The parser reads that dialect and any
// RFC 4180 file (CRLF, quoted line breaks).
//
//   CsvRows rows = ParseCsv(text);
//   std::string text2 = FormatCsv(rows);   // FormatCsv(ParseCsv(x)) == x for the job's own files
#ifndef LOCKSTEP_SRC_CSV_H_
#define LOCKSTEP_SRC_CSV_H_

#include <string>
#include <string_view>
#include <vector>

namespace lockstep {

using CsvRow = std::vector<std::string>;
using CsvRows = std::vector<CsvRow>;

// escapeCsv: the value, quoted when it contains '"', ',' or '\n'.
std::string EscapeCsv(std::string_view value);
// Rows joined by '\n' (no trailing newline), as the job writes them.
std::string FormatCsv(const CsvRows& rows);
// Every row of `text`; an empty text has no rows. An unterminated quote runs to the end.
CsvRows ParseCsv(std::string_view text);

}  // namespace lockstep

#endif  // LOCKSTEP_SRC_CSV_H_
