// A1 notation: parse anything against a spreadsheet of three tabs; a range that parses prints as
// one that parses back to the same rectangle.
#include <cstdint>
#include <string>
#include <string_view>

#include "fuzz/fuzz_support.h"
#include "mocks/sheets/sheets_model.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace lockstep;
  using namespace lockstep::mocks;
  static SheetsModel sheets(1);
  static Spreadsheet& ss = sheets.Create("file1", {"Databases", "My tab", "It's"});
  const std::string_view a1(reinterpret_cast<const char*>(data), size);
  StatusOr<GridRange> range = ParseA1(ss, a1);
  if (!range.ok()) return 0;
  LOCKSTEP_FUZZ_CHECK(range->sheet >= 0 && range->sheet < static_cast<int>(ss.sheets.size()), "sheet index");
  const std::string printed = FormatA1(ss, *range);
  StatusOr<GridRange> again = ParseA1(ss, printed);
  LOCKSTEP_FUZZ_CHECK(again.ok(), "FormatA1 printed '" + printed + "', which ParseA1 rejects");
  LOCKSTEP_FUZZ_CHECK(FormatA1(ss, *again) == printed, "'" + printed + "' prints as '" + FormatA1(ss, *again) + "'");
  return 0;
}
