// The checkers of a schedule: duplicate folders, missing folders, lock mutual exclusion, the
// rotation pointer, liveness; and the code probes. They read the models' end state and journals,
// never the core's own view.
#include <algorithm>
#include <map>
#include <set>

#include <fmt/format.h>

#include "harness/simulation.h"
#include "src/csv.h"
#include "src/folder_naming.h"
#include "src/rotation_state.h"
#include "src/sync_database.h"

namespace lockstep::harness {
namespace {

// The data source a folder name belongs to: "_<id>" anywhere in the name.
int DataSourceOfName(std::string_view name, const SimLogger& logger) {
  for (size_t pos = name.find('_'); pos != std::string_view::npos; pos = name.find('_', pos + 1)) {
    if (pos + 37 > name.size()) break;
    const int i = logger.DataSourceIndex(name.substr(pos + 1, 36));
    if (i >= 0) return i;
  }
  return -1;
}

std::string ExecName(ExecutionId e) { return fmt::format("E{}", e); }

std::string Ms(Instant t) { return fmt::format("t={}ms", (t - Simulation::Epoch()).count()); }

}  // namespace

void Simulation::CheckFolders(ScheduleResult& r) {
  const size_t n = data_sources_.size();
  std::vector<int> live(n, 0);
  std::vector<int> exact(n, 0);
  std::vector<int> suffixed(n, 0);
  std::set<std::string> trashed_folders;
  const std::vector<DriveFile>& files = drive_model_.files();
  for (size_t i = 0; i < files.size(); ++i) {
    const DriveFile& f = files[i];
    if (drive_model_.IsDeleted(static_cast<int>(i))) continue;
    if (f.IsFolder() && f.trashed) trashed_folders.insert(f.id);
    if (!f.IsFolder() || f.trashed || f.parent_id != parent_id_) continue;
    const int ds = DataSourceOfName(f.name, logger_);
    if (ds < 0) continue;
    ++live[ds];
    if (f.name == DbFolderName(data_sources_[ds])) ++exact[ds];
    if (HasCopySuffix(f.name)) ++suffixed[ds];
  }
  std::string first_lost;
  for (size_t i = 0; i < files.size(); ++i) {
    const DriveFile& f = files[i];
    if (drive_model_.IsDeleted(static_cast<int>(i))) continue;
    if (!f.trashed && trashed_folders.count(f.parent_id) > 0) {
      if (r.files_in_trashed_folders++ == 0) first_lost = f.name;
    }
  }
  if (r.files_in_trashed_folders > 0) {
    r.violations.push_back(Violation{
        "files-in-trash", {},
        fmt::format("{} live file(s) left inside trashed folders, e.g. \"{}\"",
                    r.files_in_trashed_folders, first_lost)});
  }
  Violation dup{"duplicate-folders", {}, {}};
  for (size_t i = 0; i < n; ++i) {
    if (live[i] > 1) {
      ++r.duplicate_data_sources;
      if (exact[i] > 1) ++r.exact_duplicate_sets;
      if (suffixed[i] > 0) ++r.suffix_duplicate_sets;
      dup.data_sources.push_back(data_sources_[i].id);
      if (dup.detail.empty()) {
        dup.detail = fmt::format("{} live folders for \"{}\" ({} with the exact name, {} with a (n) suffix)",
                                 live[i], DbFolderName(data_sources_[i]), exact[i], suffixed[i]);
      }
    }
  }
  if (!dup.data_sources.empty()) r.violations.push_back(std::move(dup));
  // Missing: a data source some execution worked on, left without any live folder.
  for (size_t i = 0; i < n; ++i) {
    if (logger_.ds_processed(static_cast<int>(i)) && live[i] == 0) ++r.missing_folders;
  }
}

void Simulation::CheckRotation(ScheduleResult& r) {
  if (scenario_.executions.entry != Entry::kRun) return;
  const std::string& key = scenario_.core.rotation_key;
  for (const mocks::LostUpdate& lu : props_model_.lost_updates()) {
    if (lu.key != key) continue;
    r.violations.push_back(Violation{
        "lost-advance", {},
        fmt::format("{} wrote the rotation pointer of deployment {} at {} having read version {}, "
                    "but it was at version {}: an advance was lost",
                    ExecName(lu.execution), lu.deployment, Ms(lu.time), lu.seen_version,
                    lu.current_version)});
    break;
  }
  // The same batch twice: two executions read the same pointer version and both processed it.
  std::map<std::pair<int, int>, ExecutionId> first_reader;
  std::set<ExecutionId> counted;
  for (const mocks::PropertyRead& rd : props_model_.tracked_reads()) {
    if (rd.key != key || counted.count(rd.execution) > 0) continue;
    counted.insert(rd.execution);  // the run's one read
    // A killed run's batch is retried by the next run by design; only finished runs count.
    if (!logger_.processed_any(rd.execution) || records_[rd.execution].killed) continue;
    auto [it, inserted] = first_reader.emplace(std::pair(rd.deployment, rd.version), rd.execution);
    if (!inserted) {
      r.violations.push_back(Violation{
          "rotation", {},
          fmt::format("{} and {} both read rotation pointer version {} of deployment {} and "
                      "processed the same batch",
                      ExecName(it->second), ExecName(rd.execution), rd.version, rd.deployment)});
      break;
    }
  }
}

void Simulation::CheckPages(ScheduleResult& r) {
  if (!scenario_.core.sync.enabled) return;
  Violation pages{"duplicate-pages", {}, {}};
  for (const DataSource& ds : data_sources_) {
    std::map<std::string, int> by_title;
    for (const mocks::NotionPage* p : notion_model_.PagesOf(ds.id)) {
      if (p->in_trash) continue;
      auto t = p->values.find("title");
      ++by_title[t == p->values.end() ? std::string() : mocks::PlainText(t->second)];
    }
    bool listed = false;
    for (const auto& [title, count] : by_title) {
      if (count < 2) continue;
      r.duplicate_pages += count - 1;
      if (!listed) pages.data_sources.push_back(ds.id);
      listed = true;
      if (pages.detail.empty()) {
        pages.detail = fmt::format("{} live pages titled \"{}\" in data source {} (one CSV row)", count, title, ds.id);
      }
    }
  }
  if (!pages.data_sources.empty()) r.violations.push_back(std::move(pages));
  // Check-then-create files inside the canonical folders: the main CSV and .archive.
  Violation files{"duplicate-files", {}, {}};
  std::string archive_detail;
  const std::vector<DriveFile>& all = drive_model_.files();
  for (const DataSource& ds : data_sources_) {
    const std::string name = DbFolderName(ds);
    for (size_t i = 0; i < all.size(); ++i) {
      const DriveFile& folder = all[i];
      if (drive_model_.IsDeleted(static_cast<int>(i)) || folder.trashed || !folder.IsFolder() ||
          folder.parent_id != parent_id_ || folder.name != name) {
        continue;
      }
      int csvs = 0;
      int archives = 0;
      for (int c : drive_model_.ChildrenOf(static_cast<int>(i))) {
        const DriveFile& f = all[c];
        if (drive_model_.IsDeleted(c) || f.trashed) continue;
        if (!f.IsFolder() && f.name == name + ".csv") ++csvs;
        if (!f.IsFolder() || f.name != kArchiveFolderName) continue;
        ++archives;
        int versions = 0;
        for (int v : drive_model_.ChildrenOf(c)) versions += drive_model_.IsDeleted(v) || all[v].trashed ? 0 : 1;
        // Retention keeps archive_keep versions; a run adds two before it prunes.
        if (versions > scenario_.core.sync.archive_keep + 2 && archive_detail.empty()) {
          archive_detail = fmt::format("\"{}/.archive\" holds {} versions (retention: {})", name, versions,
                                       scenario_.core.sync.archive_keep);
        }
      }
      const int extra = std::max(0, csvs - 1) + std::max(0, archives - 1);
      if (extra == 0) continue;
      r.duplicate_files += extra;
      files.data_sources.push_back(ds.id);
      if (files.detail.empty()) {
        files.detail = fmt::format("\"{}\" holds {} main CSV file(s) and {} .archive folder(s)", name, csvs, archives);
      }
    }
  }
  if (!files.data_sources.empty()) r.violations.push_back(std::move(files));
  if (!archive_detail.empty()) r.violations.push_back(Violation{"archive-unbounded", {}, archive_detail});
}

void Simulation::CheckConvergence(ScheduleResult& r) {
  if (liveness_first_ < 0) return;
  std::string failure;
  const std::vector<DriveFile>& all = drive_model_.files();
  for (size_t d = 0; d < data_sources_.size() && failure.empty(); ++d) {
    const DataSource& ds = data_sources_[d];
    const std::string name = DbFolderName(ds);
    int folder = -1;
    for (size_t i = 0; i < all.size() && folder < 0; ++i) {
      if (!drive_model_.IsDeleted(static_cast<int>(i)) && !all[i].trashed && all[i].IsFolder() &&
          all[i].parent_id == parent_id_ && all[i].name == name) {
        folder = static_cast<int>(i);
      }
    }
    if (folder < 0) {
      failure = fmt::format("data source {} has no folder named \"{}\"", ds.id, name);
      break;
    }
    if (!scenario_.core.sync.enabled) continue;
    std::string csv;
    for (int c : drive_model_.ChildrenOf(folder)) {
      if (!drive_model_.IsDeleted(c) && !all[c].trashed && all[c].name == name + ".csv") csv = all[c].id;
    }
    if (csv.empty()) {
      failure = fmt::format("\"{}\" has no main CSV", name);
      break;
    }
    const CsvRows rows = ParseCsv(drive_model_.Content(csv).value());
    const int csv_rows = rows.size() > 2 ? static_cast<int>(rows.size()) - 2 : 0;
    int pages = 0;
    for (const mocks::NotionPage* p : notion_model_.PagesOf(ds.id)) pages += p->in_trash ? 0 : 1;
    if (csv_rows != pages) {
      failure = fmt::format("\"{}\": the CSV has {} rows, the data source {} live pages", name + ".csv", csv_rows, pages);
    }
    // Every row the CSV gained without a page id has become a page (none lost).
    for (int k = 0; k < scenario_.notion.new_rows && failure.empty() && scenario_.folders_exist; ++k) {
      const std::string title = fmt::format("New {}.{}", d + 1, k + 1);
      bool found = false;
      for (const mocks::NotionPage* p : notion_model_.PagesOf(ds.id)) {
        auto t = p->values.find("title");
        found = found || (!p->in_trash && t != p->values.end() && mocks::PlainText(t->second) == title);
      }
      if (!found) failure = fmt::format("the CSV row \"{}\" of {} never became a page", title, ds.id);
    }
  }
  if (!failure.empty()) {
    r.violations.push_back(Violation{"liveness", {}, "after the liveness phase the workspace had not converged: " + failure});
  }
}

void Simulation::CheckMusic(ScheduleResult& r) {
  if (scenario_.executions.entry != Entry::kMusic) return;
  // Live pages of a database by their title text.
  auto by_title = [this](const std::string& db) {
    std::map<std::string, std::vector<const mocks::NotionPage*>> out;
    const mocks::NotionDatabase* d = notion_model_.databases().count(db) ? &notion_model_.databases().at(db) : nullptr;
    if (d == nullptr || d->data_sources.empty()) return out;
    for (const mocks::NotionPage* p : notion_model_.PagesOf(d->data_sources.front())) {
      if (p->in_trash) continue;
      auto t = p->values.find("title");
      out[t == p->values.end() ? std::string() : mocks::PlainText(t->second)].push_back(p);
    }
    return out;
  };
  const auto artists = by_title(music_config_.artists_db);
  const auto playlists = by_title(music_config_.playlists_db);
  Violation dup{"duplicate-pages", {}, {}};
  for (const auto* group : {&artists, &playlists}) {
    for (const auto& [name, pages] : *group) {
      if (pages.size() < 2) continue;
      r.duplicate_pages += static_cast<int>(pages.size()) - 1;
      if (dup.detail.empty()) {
        dup.detail = fmt::format("{} live {} pages named \"{}\"", pages.size(), group == &artists ? "Artists" : "Playlists", name);
      }
    }
  }
  // Tracks by djay Pro ID, and their links.
  const mocks::NotionDataSource* tracks_ds = nullptr;
  if (notion_model_.databases().count(music_config_.tracks_db)) {
    tracks_ds = &notion_model_.data_sources().at(notion_model_.databases().at(music_config_.tracks_db).data_sources.front());
  }
  std::map<std::string, std::vector<const mocks::NotionPage*>> tracks;
  const mocks::NotionProperty* djay = tracks_ds ? tracks_ds->Find("djay Pro ID") : nullptr;
  const mocks::NotionProperty* artists_rel = tracks_ds ? tracks_ds->Find("Artists") : nullptr;
  const mocks::NotionProperty* playlists_rel = tracks_ds ? tracks_ds->Find("Playlists") : nullptr;
  if (tracks_ds != nullptr && djay != nullptr) {
    for (const mocks::NotionPage* p : notion_model_.PagesOf(tracks_ds->id)) {
      if (p->in_trash) continue;
      auto v = p->values.find(djay->id);
      if (v != p->values.end()) tracks[mocks::PlainText(v->second)].push_back(p);
    }
  }
  for (const auto& [id, pages] : tracks) {
    if (pages.size() < 2) continue;
    r.duplicate_pages += static_cast<int>(pages.size()) - 1;
    if (dup.detail.empty()) dup.detail = fmt::format("{} live Tracks pages with djay Pro ID {}", pages.size(), id);
  }
  if (r.duplicate_pages > 0) r.violations.push_back(std::move(dup));
  // Every processed track linked to a live page of each of its artists and playlists.
  auto linked = [this](const mocks::NotionPage* track, const mocks::NotionProperty* rel, const auto& targets,
                       const std::string& name) {
    if (rel == nullptr) return false;
    auto v = track->values.find(rel->id);
    auto t = targets.find(name);
    if (v == track->values.end() || t == targets.end()) return false;
    for (const auto& ref : v->second) {
      for (const mocks::NotionPage* target : t->second) {
        if (ref.value("id", std::string()) == target->id) return true;
      }
    }
    return false;
  };
  std::string first;
  for (const TrackMeta& meta : scenario_.music.tracks) {
    auto it = tracks.find(meta.djay_id);
    if (it == tracks.end()) continue;  // never reached (a killed worker): not a lost link
    const mocks::NotionPage* page = it->second.front();
    for (const std::string& a : meta.artists) {
      if (MusicWorkflow::InvalidArtistName(a) || linked(page, artists_rel, artists, a)) continue;
      if (r.lost_links++ == 0) first = fmt::format("track {} is not linked to artist \"{}\"", meta.djay_id, a);
    }
    for (const std::string& p : meta.playlists) {
      if (p == "No Playlist" || p == "Unassigned" || linked(page, playlists_rel, playlists, p)) continue;
      if (r.lost_links++ == 0) first = fmt::format("track {} is not linked to playlist \"{}\"", meta.djay_id, p);
    }
  }
  if (r.lost_links > 0) {
    r.violations.push_back(Violation{"lost-links", {}, fmt::format("{} link(s) missing, e.g. {}", r.lost_links, first)});
  }
}

void Simulation::CheckColumnData(ScheduleResult& r) {
  if (!scenario_.core.sync.enabled || !scenario_.notion.renamed_since_export) return;
  std::string lost;
  int lost_count = 0;
  std::string undone;
  for (size_t i = 0; i < data_sources_.size(); ++i) {
    const mocks::NotionDataSource& ds = notion_model_.data_sources().at(data_sources_[i].id);
    // The rename is undone by duplication when the old name is back beside the renamed property.
    const mocks::NotionProperty* back = ds.Find("Notes");
    if (back != nullptr && back->id != "nts1" && ds.Find("nts1") != nullptr && undone.empty()) {
      undone = fmt::format("data source {} has \"Notes\" ({}) re-added beside \"{}\" (nts1)", ds.id, back->id,
                           ds.Find("nts1")->name);
    }
    for (size_t k = 0; k < seeded_page_ids_[i].size(); ++k) {
      const mocks::NotionPage* page = notion_model_.pages().count(seeded_page_ids_[i][k])
                                          ? &notion_model_.pages().at(seeded_page_ids_[i][k]) : nullptr;
      const std::string want = fmt::format("edited in Notion {}", k + 1);
      bool kept = false;
      for (const mocks::NotionProperty& p : ds.properties) {
        if (page == nullptr || p.type != "rich_text") continue;
        auto v = page->values.find(p.id);
        kept = kept || (v != page->values.end() && mocks::PlainText(v->second) == want);
      }
      if (!kept && lost_count++ == 0) {
        lost = fmt::format("page {} of {} lost \"{}\", edited in Notion after the CSV export", seeded_page_ids_[i][k],
                           ds.id, want);
      }
    }
  }
  if (lost_count > 0) {
    r.violations.push_back(Violation{"column-data-lost", {}, fmt::format("{} value(s) lost, e.g. {}", lost_count, lost)});
  }
  if (!undone.empty()) r.violations.push_back(Violation{"rename-undone", {}, undone});
}

// A deployment whose pointer finished a cycle has processed every data source in it (none skipped
// by an early stop, a failure or a shifting discovery order).
void Simulation::CheckCycles(ScheduleResult& r) {
  if (scenario_.executions.entry != Entry::kRun) return;
  for (int d = 0; d < scenario_.executions.deployments; ++d) {
    const std::optional<std::string> v = props_model_.Peek(d, scenario_.core.rotation_key);
    if (!v || ParseRotationState(*v).cycle < 1) continue;
    std::vector<char> done(data_sources_.size(), 0);
    for (const DsEvent& ev : logger_.done()) {
      if (ev.execution >= 0 && static_cast<size_t>(ev.execution) < records_.size() &&
          records_[ev.execution].deployment == d) {
        done[ev.data_source] = 1;
      }
    }
    for (size_t i = 0; i < done.size(); ++i) {
      if (done[i]) continue;
      r.violations.push_back(Violation{
          "rotation-skipped", {data_sources_[i].id},
          fmt::format("deployment {} finished a rotation cycle without processing data source {}", d, data_sources_[i].id)});
      return;
    }
  }
}

void Simulation::CollectLockStats(ScheduleResult& r) {
  for (const mocks::LockEvent& ev : lock_model_.events()) {
    switch (ev.kind) {
      case mocks::LockEvent::Kind::kAttempt: ++r.locks.attempts; break;
      case mocks::LockEvent::Kind::kAcquire: {
        ++r.locks.acquired;
        const int64_t w = ev.waited.count();
        r.locks.wait_ms_sum += w;
        r.locks.wait_ms_max = std::max(r.locks.wait_ms_max, w);
        r.locks.wait_histogram[w == 0 ? 0 : w <= 1000 ? 1 : w <= 8000 ? 2 : 3]++;
        if (ev.contended) r.probes[static_cast<int>(Probe::kLockContended)] = true;
        break;
      }
      case mocks::LockEvent::Kind::kTimeout:
        ++r.locks.timed_out;
        r.probes[static_cast<int>(Probe::kLockContended)] = true;
        break;
      case mocks::LockEvent::Kind::kError: ++r.locks.errors; break;
      case mocks::LockEvent::Kind::kAutoRelease: ++r.locks.auto_released; break;
      default: break;
    }
  }
  for (const mocks::MutualExclusionViolation& v : lock_model_.violations()) {
    r.violations.push_back(Violation{
        "mutual-exclusion", {},
        fmt::format("{} acquired the {} lock of deployment {} at {} while {} still held it by its "
                    "own account (it had not released it)",
                    ExecName(v.intruder), mocks::LockScopeName(v.key.scope), v.key.deployment,
                    Ms(v.time), ExecName(v.believer))});
    break;
  }
}

void Simulation::Check(ScheduleResult& r) {
  CheckFolders(r);
  CollectLockStats(r);
  CheckRotation(r);
  CheckCycles(r);
  CheckPages(r);
  CheckConvergence(r);
  CheckMusic(r);
  CheckColumnData(r);
  if (r.end.step_limit_hit || r.end.time_limit_hit) {
    r.violations.push_back(Violation{
        "liveness", {},
        r.end.step_limit_hit ? fmt::format("the schedule passed {} steps", scenario_.steps_max)
                             : "the schedule ran past the virtual time limit"});
  }
  for (const ExecRecord& rec : records_) {
    if (rec.killed) {
      ++r.runs.killed;
      continue;
    }
    if (!rec.result) continue;
    switch (rec.result->outcome) {
      case RunOutcome::kCompleted: ++r.runs.completed; break;
      case RunOutcome::kSkipped: ++r.runs.skipped; break;
      case RunOutcome::kFailed: ++r.runs.failed; break;
    }
    r.pages_created += rec.result->pages_created;
    r.runs.folder_steps_ok += rec.result->processed;
    r.runs.folder_steps_failed += rec.result->failed;
  }
  auto pairs = [](const std::vector<DsEvent>& events) {
    std::set<std::pair<int, ExecutionId>> seen;
    std::map<int, int> per_ds;
    for (const DsEvent& ev : events) {
      if (seen.insert({ev.data_source, ev.execution}).second) ++per_ds[ev.data_source];
    }
    for (const auto& [ds, count] : per_ds) {
      if (count > 1) return true;
    }
    return false;
  };
  auto set = [&r](Probe p, bool v) { r.probes[static_cast<int>(p)] = r.probes[static_cast<int>(p)] || v; };
  set(Probe::kBothListedNone, pairs(logger_.none_found()));
  std::map<int, int> creates;
  for (const DsEvent& ev : logger_.created()) ++creates[ev.data_source];
  set(Probe::kCreatedTwice, std::any_of(creates.begin(), creates.end(),
                                        [](const auto& kv) { return kv.second > 1; }));
  set(Probe::kFolderLockTimedOut, logger_.folder_lock_timeouts() > 0);
  set(Probe::kRunSkipped, logger_.runs_skipped() > 0);
  set(Probe::kListingHidChild, drive_model_.hidden_by_lag() > 0);
  set(Probe::kConsolidationRan, !logger_.consolidated().empty());
  set(Probe::kConcurrentConsolidation, pairs(logger_.consolidated()));
  set(Probe::kFolderDeferred, logger_.deferred() > 0);
  set(Probe::kExecutionKilled, r.runs.killed > 0);
  set(Probe::kPageKeyFound, logger_.page_keys_found() > 0);
  set(Probe::kPageKeyDeduplicated, logger_.page_keys_deduplicated() > 0);
  int keyed_waits = 0;
  for (const auto& locks : keyed_locks_) keyed_waits += locks->waits();
  set(Probe::kKeyedLockWaited, keyed_waits > 0);
}

}  // namespace lockstep::harness
