// DriveApi: the seam through which the core reads and writes Google Drive.
//
// It has DriveApp semantics on Drive v3 resources: one parent per file, duplicate names allowed
// (the API never adds " (1)"), trash is a flag. Implementations: the in-memory model adapter
// (mocks/), the HTTP client (later). Every method may suspend the calling fiber in simulation
// (it is a scheduling point) and may block the calling thread in the other modes.
//
//   StatusOr<FileList> page = drive.ListChildren({.parent_id = parent, .kind = ChildKind::kFolders});
//   for (const DriveFile& f : page->files) ...
#ifndef LOCKSTEP_SRC_DRIVE_API_H_
#define LOCKSTEP_SRC_DRIVE_API_H_

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "src/status.h"
#include "src/time.h"

namespace lockstep {

inline constexpr std::string_view kFolderMimeType = "application/vnd.google-apps.folder";
inline constexpr std::string_view kCsvMimeType = "text/csv";

struct DriveFile {
  std::string id;
  std::string name;
  std::string mime_type;
  std::string parent_id;  // empty for the root
  bool trashed = false;
  Instant created_time{};
  Instant modified_time{};

  bool IsFolder() const { return mime_type == kFolderMimeType; }
};

enum class ChildKind { kAll, kFolders, kFiles };

struct ListChildrenRequest {
  // Empty: no parent, every file of My Drive (DriveApp getFoldersByName and getFolders search
  // everywhere); then only the name index and the kind filter apply.
  std::string_view parent_id;
  ChildKind kind = ChildKind::kAll;
  // When not empty, only children with exactly this name (DriveApp getFoldersByName). Name
  // matches go through Drive's search index, which may lag behind writes.
  std::string_view name_equals;
  std::string_view page_token;  // empty: first page
  int page_size = 100;          // 1..1000
};

struct FileList {
  std::vector<DriveFile> files;
  std::string next_page_token;  // empty at the end
};

struct CreateFileRequest {
  std::string_view parent_id;
  std::string_view name;
  std::string_view mime_type;
  std::string_view id;       // optional pre-generated id (GenerateIds); empty: the service picks
  std::string_view content;  // optional, for non-folders
};

struct FileUpdate {
  std::optional<std::string> name;
  std::optional<std::string> new_parent_id;  // a move: replaces the one parent
  std::optional<bool> trashed;
};

class DriveApi {
 public:
  virtual ~DriveApi() = default;

  // Lists one page of the direct children of `parent_id`, in a stable order (creation order).
  // Whether trashed children are listed is the service's behaviour, not the caller's choice
  // (DriveApp iterators; a knob in the mock). A page may be partial or empty before the end.
  // Fails with kNotFound if the parent does not exist, kInvalidArgument for a bad page token or
  // size, kResourceExhausted on rate limits, kUnavailable on server errors.
  virtual StatusOr<FileList> ListChildren(const ListChildrenRequest& request) = 0;

  // Returns the file's metadata, read-your-writes consistent for everybody.
  // Fails with kNotFound ("notFound") if no file has this id.
  virtual StatusOr<DriveFile> Get(std::string_view id) = 0;

  // Creates a file or folder with one parent. With a pre-generated `id`, a second create of the
  // same id fails with kAlreadyExists (HTTP 409), so a retry cannot duplicate. On a server error
  // the create may or may not have committed.
  virtual StatusOr<DriveFile> Create(const CreateFileRequest& request) = 0;

  // Applies the set fields of `update` (rename, move, trash) and returns the new metadata.
  // Updates modifiedTime. Fails with kNotFound for an unknown id or parent, kInvalidArgument for a
  // move that would create a cycle.
  virtual StatusOr<DriveFile> Update(std::string_view id, const FileUpdate& update) = 0;

  // Returns `count` (1..1000) fresh ids usable in Create.
  virtual StatusOr<std::vector<std::string>> GenerateIds(int count) = 0;

  // Returns the content of a file (files.get with alt=media; DriveApp getBlob().getDataAsString()).
  // Immediate for everybody, like Get. Fails with kNotFound for an unknown id.
  virtual StatusOr<std::string> GetContent(std::string_view id) = 0;

  // Replaces the content of a file (files.update through the media upload path; DriveApp
  // File.setContent) and updates its modifiedTime. Fails with kNotFound for an unknown id. On a
  // server error the write may or may not have applied.
  virtual Status SetContent(std::string_view id, std::string_view content) = 0;
};

// Lists every page of `request` and appends the children to `out`. Gives up after
// `page_count_max` pages with kInternal, so a server that never ends a listing cannot hang a run.
Status ListAllChildren(DriveApi& drive, ListChildrenRequest request, std::vector<DriveFile>& out,
                       int page_count_max = 1000);

}  // namespace lockstep

#endif  // LOCKSTEP_SRC_DRIVE_API_H_
