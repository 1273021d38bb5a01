// DriveModel: the in-memory state and rules of Google Drive, as DriveApp-style callers see it.
//
// Files and folders with opaque ids, names (duplicates allowed: the API never adds " (1)"), one
// parent, a trashed flag, created and modified times. Rules:
//   - listing children is in creation order; trashed children are listed or not (knob
//     list_includes_trashed: DriveApp iterators are reported to include them);
//   - listing lag: a child created or moved in by one execution stays invisible to listings by
//     other executions for a lag drawn from the seed (uniform in [lag_min, lag_max]); its creator
//     sees it at once; Get by id is immediate for everybody;
//   - name search lag: a listing by name (DriveApp getFoldersByName, q name = '...') reads the
//     name index, which shows a new or renamed file to other executions only after
//     [name_index_lag_min, name_index_lag_max]; a listing of no parent searches all of My Drive;
//   - rename, move and trash update the file's modifiedTime; a move also touches the old and new
//     parents' modifiedTime when move_touches_parents is on;
//   - GenerateIds reserves ids; a create with an unreserved id is 400 and with a used one 409.
//
// Not thread-safe: the simulation runs one execution at a time. Errors are Drive's own (reason
// strings of the v3 error shape).
//
//   DriveModel drive(DriveKnobs{});
//   drive.Reset(epoch, seed);
//   StatusOr<DriveFile> f = drive.Create(exec, now, {.parent_id = "root", .name = "x", ...});
#ifndef LOCKSTEP_MOCKS_DRIVE_DRIVE_MODEL_H_
#define LOCKSTEP_MOCKS_DRIVE_DRIVE_MODEL_H_

#include <string>
#include <string_view>
#include <map>
#include <unordered_map>
#include <unordered_set>
#include <vector>

#include "mocks/common/file_catalog.h"
#include "mocks/common/rng.h"
#include "mocks/common/sim_context.h"
#include "mocks/common/string_hash.h"
#include "mocks/drive/drive_query.h"
#include "src/drive_api.h"

namespace lockstep::mocks {

struct DriveKnobs {
  Duration lag_min{0};  // children listings (DriveApp getFolders/getFiles)
  Duration lag_max{0};
  Duration name_index_lag_min{0};  // name and fullText search terms of files.list (HTTP service)
  Duration name_index_lag_max{0};
  bool list_includes_trashed = false;
  bool move_touches_parents = false;
  int page_size_max = 1000;
};

class DriveModel final : public FileCatalog {
 public:
  static constexpr std::string_view kRootId = "root";

  explicit DriveModel(DriveKnobs knobs) : knobs_(knobs) {}

  // Empties the Drive but for the root folder; the seed drives ids and lags from now on.
  void Reset(Instant now, uint64_t seed);
  const DriveKnobs& knobs() const { return knobs_; }
  void set_knobs(const DriveKnobs& knobs) { knobs_ = knobs; }

  // Seeds a file as pre-existing state: visible to everybody, no lag.
  DriveFile Seed(std::string_view parent_id, std::string_view name, std::string_view mime_type,
                 Instant modified_time);

  StatusOr<FileList> ListChildren(ExecutionId caller, Instant now,
                                  const ListChildrenRequest& request);
  StatusOr<DriveFile> Get(std::string_view id) const;
  // The children of the file at `index` (indices into files(), ascending: creation order).
  const std::vector<int>& ChildrenOf(int index) const { return children_[index]; }
  // The index of a live file in files(), or -1 (unknown or deleted). A hash lookup.
  int IndexOf(std::string_view id) const;
  StatusOr<DriveFile> Create(ExecutionId caller, Instant now, const CreateFileRequest& request);
  StatusOr<DriveFile> Update(ExecutionId caller, Instant now, std::string_view id,
                             const FileUpdate& update);
  StatusOr<std::vector<std::string>> GenerateIds(ExecutionId caller, int count);

  // FileCatalog: the Drive side of services whose documents are Drive files (Sheets).
  std::optional<Entry> FindFile(std::string_view id) const override;
  StatusOr<std::string> CreateFile(ExecutionId caller, Instant now, std::string_view name,
                                   std::string_view mime_type) override;
  Status RenameFile(ExecutionId caller, Instant now, std::string_view id, std::string_view name) override;

  // For the HTTP service: content, appProperties, permanent delete, and what a `q` query sees.
  Status SetContent(ExecutionId caller, Instant now, std::string_view id, std::string content);
  StatusOr<std::string> Content(std::string_view id) const;
  // The content's length, without a copy of it. REQUIRES: 0 <= index < files().size().
  size_t ContentSize(int index) const;
  Status SetAppProperties(std::string_view id, const std::map<std::string, std::string>& props);
  const std::map<std::string, std::string>& AppProperties(int index) const { return extras_[index].app_properties; }
  Status Delete(std::string_view id);
  // Inserts a file as pre-existing state with its own id and times (admin state seeding).
  // Fails with kNotFound when the parent is missing, kAlreadyExists for a used id.
  Status Restore(const DriveFile& file, std::string content, std::map<std::string, std::string> app_properties);
  bool IsDeleted(int index) const { return extras_[index].deleted; }
  // The file as a query by `caller` at `now` sees it (name terms read a lagging search index).
  // `query`: copy only the parts it reads (content and property maps stay empty otherwise).
  QueryView ViewOf(int index, ExecutionId caller, Instant now, const DriveQuery* query = nullptr) const;

  // Inspection, for checkers: every file ever created, in creation order (deleted ones included:
  // see IsDeleted).
  const std::vector<DriveFile>& files() const { return files_; }
  // Indices of every file that has ever had this exact name (ascending, may hold deleted files):
  // the candidates of a `name = '...'` query, whose index may still show a previous name.
  const std::vector<int>& FilesEverNamed(std::string_view name) const;
  // How many times a listing hid a child because of the lag (a code probe).
  int hidden_by_lag() const { return hidden_by_lag_; }

 private:
  struct Extra {
    std::string content;
    std::map<std::string, std::string> app_properties;
    bool deleted = false;
    ExecutionId name_writer = kNoExecution;  // who created or last renamed it
    Instant name_indexed_at{};               // when others' name searches see the current name
    std::string previous_name;               // what they see before that ("" for a new file)
  };

  struct Visibility {
    ExecutionId writer = kNoExecution;  // who created or last moved it
    Instant visible_at{};              // when others' listings see it
  };

  // Ids and lags are drawn from per-execution streams, so that two executions' independent steps
  // give the same draws in either order (needed by exhaustive search's reduction).
  std::string NewId(ExecutionId who);

  bool IsAncestor(int maybe_ancestor, int index) const;
  // True if a name search (`name = '...'`) by `caller` at `now` finds the file under `name`.
  bool NameIndexMatches(int index, std::string_view name, ExecutionId caller, Instant now) const;
  void Touch(std::string_view id, Instant now);
  void AddChild(int parent, int child);
  void RemoveChild(int parent, int child);
  Instant DrawVisibleAt(ExecutionId who, Instant now);
  Instant DrawIndexedAt(ExecutionId who, Instant now);
  void PushFile(DriveFile f, Visibility v, Extra e);
  std::vector<Rng> index_rngs_;

  DriveKnobs knobs_;
  uint64_t seed_ = 0;
  std::vector<Rng> id_rngs_;   // index who + 1 (seeded state uses index 0)
  std::vector<Rng> lag_rngs_;
  std::vector<DriveFile> files_;
  std::vector<Visibility> visibility_;             // parallel to files_
  std::vector<Extra> extras_;                      // parallel to files_
  std::vector<std::vector<int>> children_;         // parallel to files_: child indices, ascending
  std::unordered_map<std::string, int, StringHash, std::equal_to<>> index_by_id_;  // lookups only, never iterated
  std::unordered_set<std::string, StringHash, std::equal_to<>> reserved_ids_;     // GenerateIds output not yet used
  std::unordered_map<std::string, std::vector<int>, StringHash, std::equal_to<>> ever_named_;  // lookups only
  void NoteName(int index);
  int hidden_by_lag_ = 0;
};

// Drive v3's error for a missing file: 404 notFound "File not found: <id>."
Status DriveNotFound(std::string_view id);

}  // namespace lockstep::mocks

#endif  // LOCKSTEP_MOCKS_DRIVE_DRIVE_MODEL_H_
