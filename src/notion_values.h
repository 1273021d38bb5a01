// NotionValues: how the production job turns Notion property values into CSV cells
// (extractPropertyValue_) and CSV cells back into property values (csvCellToPropertyValue_), and
// which schema properties it may delete (isSafeToDeleteProp_). Spec sections 4.2, 4.3 and 4.5.
//
//   std::string cell = ExtractPropertyValue(page["properties"]["Tags"]);      // "a, b"
//   std::optional<nlohmann::json> v = CsvCellToPropertyValue("multi_select", "a, b");
#ifndef LOCKSTEP_SRC_NOTION_VALUES_H_
#define LOCKSTEP_SRC_NOTION_VALUES_H_

#include <optional>
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

#include "src/csv.h"

namespace lockstep {

// A page property value ({"type": t, t: ...}) as a CSV cell.
std::string ExtractPropertyValue(const nlohmann::json& value);

// The request-form value of a CSV cell for a property of `type`; nullopt for the types the job
// never writes (relation, people, files, formula, rollup, unique_id and the computed ones). An
// empty cell clears the value. Checkbox keeps the production regex /^true|1|yes$/i, which is true
// for a cell that starts with "true", contains "1" or ends with "yes".
std::optional<nlohmann::json> CsvCellToPropertyValue(std::string_view type, std::string_view cell);

// isSafeToDeleteProp_: false for title, formula, rollup, relation, people, files, created_time,
// created_by, last_edited_time, last_edited_by and unique_id.
bool IsSafeToDeleteType(std::string_view type);

// buildPropertyConfigFromType_: the schema config for a new property of `type` (request form,
// {"select": {"options": [...]}} ...), select and multi_select options taken from the column's
// cells in up to 198 sample rows (at most 80 options). Unknown types become rich_text.
nlohmann::json PropertyConfigFromType(std::string_view type, const CsvRows& rows, size_t column);

// The plain text of a rich text array.
std::string PlainTextOf(const nlohmann::json& rich_text);

}  // namespace lockstep

#endif  // LOCKSTEP_SRC_NOTION_VALUES_H_
