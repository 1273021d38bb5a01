#include "run_logs.h"

#include <array>
#include <chrono>

#include <fmt/format.h>

namespace lockstep {
namespace {

// getFoldersByName(name) under `parent`: the first hit, else createFolder.
StatusOr<std::string> FolderByNameOrCreate(CoreEnv& env, const std::string& parent,
                                           std::string_view name) {
  StatusOr<FileList> hits = env.drive.ListChildren(ListChildrenRequest{
      .parent_id = parent, .kind = ChildKind::kFolders, .name_equals = name, .page_size = 1});
  if (!hits.ok()) return hits.status();
  if (!hits->files.empty()) return std::move(hits->files.front().id);
  StatusOr<DriveFile> created = env.drive.Create(
      CreateFileRequest{.parent_id = parent, .name = name, .mime_type = kFolderMimeType});
  if (!created.ok()) return created.status();
  env.logger.Log(LogLevel::kDebug, "logs.folder_created", name, {});
  return std::move(created->id);
}

// _createFileOnce: reuse a file of the same name, else create it.
StatusOr<std::string> FileOnce(CoreEnv& env, const std::string& folder, const std::string& name) {
  StatusOr<FileList> hits = env.drive.ListChildren(ListChildrenRequest{
      .parent_id = folder, .kind = ChildKind::kFiles, .name_equals = name, .page_size = 1});
  if (!hits.ok()) return hits.status();
  if (!hits->files.empty()) return std::move(hits->files.front().id);
  StatusOr<DriveFile> created = env.drive.Create(
      CreateFileRequest{.parent_id = folder, .name = name, .mime_type = "text/plain"});
  if (!created.ok()) return created.status();
  return std::move(created->id);
}

Status RenameTo(CoreEnv& env, const std::string& id, std::string name) {
  FileUpdate rename;
  rename.name = std::move(name);
  StatusOr<DriveFile> r = env.drive.Update(id, rename);
  return r.ok() ? Status() : r.status();
}

}  // namespace

StatusOr<RunLogs> InitRunLogs(CoreEnv& env) {
  using namespace std::chrono;
  RunLogs logs;
  logs.run_id = env.random.NewUuid().substr(0, 12);
  const Instant local = env.clock.Now() + env.config.script_utc_offset;
  const sys_days day = floor<days>(local);
  const year_month_day ymd(day);
  const hh_mm_ss<milliseconds> hms(local - day);
  const std::string year = fmt::format("{:04}", static_cast<int>(ymd.year()));
  const std::string month = fmt::format("{:02}", static_cast<unsigned>(ymd.month()));
  std::string folder = env.config.root_folder_id;
  for (const std::string& level : env.config.log_root_path) {
    StatusOr<std::string> next = FolderByNameOrCreate(env, folder, level);
    if (!next.ok()) return next.status();
    folder = std::move(next).value();
  }
  for (const std::string* level : {&env.config.script_name, &env.config.log_env, &year, &month}) {
    StatusOr<std::string> next = FolderByNameOrCreate(env, folder, *level);
    if (!next.ok()) return next.status();
    folder = std::move(next).value();
  }
  logs.folder_id = folder;
  logs.base_name = fmt::format(
      "{} — 2.5 — {} — {}-{}-{:02}_{:02}{:02}{:02} — Running [{}] ({})", env.config.script_name,
      env.config.log_env, year, month, static_cast<unsigned>(ymd.day()), hms.hours().count(),
      hms.minutes().count(), hms.seconds().count(), kScriptId, logs.run_id);
  StatusOr<std::string> jsonl = FileOnce(env, folder, logs.base_name + ".jsonl");
  if (!jsonl.ok()) return jsonl.status();
  logs.jsonl_id = std::move(jsonl).value();
  StatusOr<std::string> log = FileOnce(env, folder, logs.base_name + ".log");
  if (!log.ok()) return log.status();
  logs.log_id = std::move(log).value();
  return logs;
}

Status FinalizeRunLogs(CoreEnv& env, const RunLogs& logs, bool ok) {
  std::string final_name = logs.base_name;
  const std::string_view running = "— Running ";
  if (size_t pos = final_name.find(running); pos != std::string::npos) {
    final_name.replace(pos, running.size(), ok ? "— Completed " : "— Failed ");
  }
  Status s = RenameTo(env, logs.jsonl_id, final_name + ".jsonl");
  if (s.ok()) s = RenameTo(env, logs.log_id, final_name + ".log");
  return s;
}

}  // namespace lockstep
