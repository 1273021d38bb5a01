// lock-first-registry: NEW plus a folder-id registry in script properties and an idempotent
// create. The registry is read and written only under the script lock; the registered folder is
// read with files.get, which Drive serves read-your-writes, so a listing that lags behind a create
// cannot make this strategy create again. The id is recorded before the create, and a create that
// reports 409 (the id already exists: an earlier create committed) adopts that folder.
#include <optional>

#include <fmt/format.h>

#include "src/internal/folder_step_common.h"

namespace lockstep::internal {
namespace {

// The registered folder, if the registry names a live folder under `parent`.
StatusOr<std::optional<DriveFile>> RegisteredFolder(CoreEnv& env, std::string_view parent,
                                                    const std::string& key,
                                                    std::optional<std::string>& pending_id) {
  StatusOr<std::optional<std::string>> id = env.properties.GetProperty(key);
  if (!id.ok()) return id.status();
  if (!id->has_value()) return std::optional<DriveFile>();
  StatusOr<DriveFile> f = env.drive.Get(**id);
  if (!f.ok()) {
    if (f.status().code() != StatusCode::kNotFound) return f.status();
    pending_id = **id;  // recorded before a create that never committed: reuse it
    return std::optional<DriveFile>();
  }
  if (f->trashed || f->parent_id != parent) return std::optional<DriveFile>();
  return std::optional<DriveFile>(std::move(f).value());
}

// Adds the registered folder to the matches when the listing did not show it (listing lag).
void IncludeRegistered(Matches& matches, const std::optional<DriveFile>& registered,
                       const std::string& name) {
  if (!registered) return;
  for (const FolderMatch& m : matches) {
    if (m.folder.id == registered->id) return;
  }
  FolderMatch m;
  m.folder = *registered;
  m.exact = registered->name == name;
  matches.push_back(std::move(m));
}

// The registered folder (if live) and the listing's matches, the registered one included even when
// the listing lags behind it.
StatusOr<Matches> RegisteredAndListed(CoreEnv& env, std::string_view parent, const DataSource& ds,
                                      const std::string& name, const std::string& key,
                                      std::optional<DriveFile>& registered,
                                      std::optional<std::string>& pending_id) {
  StatusOr<std::optional<DriveFile>> reg = RegisteredFolder(env, parent, key, pending_id);
  if (!reg.ok()) return reg.status();
  registered = std::move(reg).value();
  StatusOr<Matches> m = FindMatchingFolders(env, parent, ds, name);
  if (!m.ok()) return m.status();
  IncludeRegistered(*m, registered, name);
  return m;
}

// Under the lock: registry, listing, and a create with a recorded id when nothing exists.
// Returns the created folder in `created`, or the matches to consolidate.
StatusOr<Matches> LockedRegistryStep(CoreEnv& env, std::string_view parent, const DataSource& ds,
                                     const std::string& name, const std::string& key,
                                     std::optional<DriveFile>& registered, DriveFile& created) {
  std::optional<std::string> pending_id;
  StatusOr<Matches> m = RegisteredAndListed(env, parent, ds, name, key, registered, pending_id);
  if (!m.ok()) return m.status();
  if (!m->empty()) {
    if (!registered) {  // adopt an existing folder: the first in primary order is recorded
      SortByPrimaryPreference(*m, {});
      Status recorded = env.properties.SetProperty(key, m->front().folder.id);
      if (!recorded.ok()) return recorded;
      registered = m->front().folder;
    }
    return m;
  }
  std::string id;
  if (pending_id) {
    id = *pending_id;
  } else {
    StatusOr<std::vector<std::string>> ids = env.drive.GenerateIds(1);
    if (!ids.ok()) return ids.status();
    id = ids->front();
    Status recorded = env.properties.SetProperty(key, id);
    if (!recorded.ok()) return recorded;
  }
  StatusOr<DriveFile> c = CreateDbFolder(env, parent, ds, name, id);
  if (!c.ok() && c.status().code() == StatusCode::kAlreadyExists) c = env.drive.Get(id);
  if (!c.ok()) return c.status();
  created = std::move(c).value();
  return Matches{};
}

}  // namespace

StatusOr<DriveFile> LockFirstRegistry(CoreEnv& env, std::string_view parent, const DataSource& ds,
                                      const std::string& name) {
  const std::string key = env.config.folder_registry_prefix + ds.id;
  std::unique_ptr<Lock> lock = env.locks.GetScriptLock();
  StatusOr<bool> got = AcquireWithBackoff(env, *lock);
  if (!got.ok()) return got.status();
  std::optional<DriveFile> registered;
  Matches matches;
  if (*got) {
    DriveFile created;
    StatusOr<Matches> m = LockedRegistryStep(env, parent, ds, name, key, registered, created);
    ReleaseQuietly(env, *lock, ds);
    if (!m.ok()) return m.status();
    if (!created.id.empty()) return created;
    matches = std::move(m).value();
  } else {
    LogF(env.logger, LogLevel::kWarn, "folder.lock_timeout", ds.id,
         "[WARN] Lock timeout for database {}; checking for existing folder", ds.id);
    std::optional<std::string> pending_id;
    env.clock.Sleep(env.config.lock_fail_sleep);
    StatusOr<Matches> m = RegisteredAndListed(env, parent, ds, name, key, registered, pending_id);
    if (!m.ok()) return m.status();
    if (m->empty()) {
      env.logger.Log(LogLevel::kWarn, "folder.deferred", ds.id, {});
      return DeferError("Lock timeout", ds);
    }
    matches = std::move(m).value();
  }
  const std::string preferred = registered ? registered->id : std::string();
  return ConsolidateMatches(env, parent, ds, name, std::move(matches), preferred);
}

}  // namespace lockstep::internal
