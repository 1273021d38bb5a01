// FileCatalog: what a Google service whose documents live in Drive needs of Drive, and nothing
// more. A spreadsheet is a Drive file (its id is the file's id, its title the file's name, its
// mime type application/vnd.google-apps.spreadsheet), so the Sheets service creates, finds and
// renames its documents through this interface; the Drive model implements it, and whoever
// builds both services (the mock server, a simulation) hands one to the other. Sheets therefore
// links nothing of Drive.
//
//   SheetsService sheets(sheets_model, drive_model /* a FileCatalog */, SheetsServiceKnobs{});
#ifndef LOCKSTEP_MOCKS_COMMON_FILE_CATALOG_H_
#define LOCKSTEP_MOCKS_COMMON_FILE_CATALOG_H_

#include <optional>
#include <string>
#include <string_view>

#include "mocks/common/sim_context.h"
#include "src/status.h"
#include "src/time.h"

namespace lockstep::mocks {

class FileCatalog {
 public:
  struct Entry {
    std::string name;
    std::string mime_type;
    bool trashed = false;
  };

  virtual ~FileCatalog() = default;

  // The live file with this id, or nullopt (never created, or deleted). Never fails otherwise.
  virtual std::optional<Entry> FindFile(std::string_view id) const = 0;
  // Creates a file in the caller's My Drive root and returns its id. Fails with the catalog's own
  // error (Drive's v3 error shape).
  virtual StatusOr<std::string> CreateFile(ExecutionId caller, Instant now, std::string_view name,
                                           std::string_view mime_type) = 0;
  // Renames a live file (its modified time moves to `now`). kNotFound when there is none.
  virtual Status RenameFile(ExecutionId caller, Instant now, std::string_view id, std::string_view name) = 0;
};

}  // namespace lockstep::mocks

#endif  // LOCKSTEP_MOCKS_COMMON_FILE_CATALOG_H_
