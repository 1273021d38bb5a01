// Folder naming of the production job (spec section 3.1).
//
//   std::string name = DbFolderName(ds);   // "Agent-Tasks_284e7361-6c27-8018-872a-eb14e82e0392"
#ifndef LOCKSTEP_SRC_FOLDER_NAMING_H_
#define LOCKSTEP_SRC_FOLDER_NAMING_H_

#include <string>
#include <string_view>

#include "src/data_source.h"

namespace lockstep {

// sanitizeName: deletes \ / : * ? " < > | # % and U+0000..U+001F, trims ASCII white space at
// both ends, then keeps the first 150 characters (UTF-16 code units in JavaScript; here UTF-8
// characters, which agree for the titles the job sees). A trailing space can survive the cut.
std::string SanitizeName(std::string_view s);

// dsTitle_: the title, or "Untitled database" when empty.
std::string_view DataSourceTitle(const DataSource& ds);

// sanitizeName(dsTitle_(ds)) + "_" + ds.id
std::string DbFolderName(const DataSource& ds);

// True if `name` ends in "(<digits>)" with optional white space around (regex \s*\(\d+\)\s*$).
bool HasCopySuffix(std::string_view name);

// True if `name` identifies the data source: it contains "_" + id.
bool MatchesDataSource(std::string_view name, std::string_view ds_id);

}  // namespace lockstep

#endif  // LOCKSTEP_SRC_FOLDER_NAMING_H_
