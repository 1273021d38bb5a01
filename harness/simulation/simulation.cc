#include "harness/simulation/simulation.h"

#include <algorithm>
#include <map>

#include <fmt/format.h>

#include "mocks/server/mock_server.h"
#include "src/csv.h"
#include "src/ensure_db_folder.h"
#include "src/folder_naming.h"
#include "src/http/sheets_http_client.h"
#include "src/sync_database.h"

namespace lockstep::harness {
namespace {

constexpr size_t kFiberStackBytes = 256 * 1024;
constexpr uint64_t kNotionSeed = 0x5eed;  // the seeded workspace is the same in every schedule

// A seeded page's Notes value: the CSV's, or (renamed since export) the newer one edited in Notion.
std::string SeededNote(int k, bool edited_in_notion) {
  return (edited_in_notion ? "edited in Notion " : "note ") + std::to_string(k + 1);
}

// The seeded databases' ids: fixed, distinct from the data source ids.
std::string SeededDatabaseId(int i) { return fmt::format("{:08x}-0000-4000-8000-0000000000db", i + 1); }

}  // namespace

Instant Simulation::Epoch() {
  using namespace std::chrono;
  return Instant(sys_days(year{2026} / January / 20) + hours(15));
}

Simulation::Simulation(const Scenario& scenario)
    : scenario_(scenario),
      stack_pool_(kFiberStackBytes),
      scheduler_(random_strategy_, stack_pool_),
      threads_(scenario.mode == RunMode::kSim ? nullptr : std::make_unique<ThreadContext>(scenario.time_scale)),
      ctx_(threads_ ? static_cast<mocks::SimContext&>(*threads_) : scheduler_),
      clock_(ctx_),
      random_(ctx_),
      logger_(ctx_),
      drive_model_(scenario.drive),
      lock_model_(scenario.reentrancy),
      drive_(drive_model_, ctx_, scenario.drive_latency, scenario.drive_faults, &calls_),
      notion_model_(mocks::NotionKnobs{}, kNotionSeed),
      notion_service_(notion_model_, mocks::NotionServiceKnobs{.requests_per_second = scenario.notion.requests_per_second,
                                                               .burst = scenario.notion.burst}),
      notion_transport_(notion_service_, ctx_, scenario.notion.latency, "2025-09-03", &calls_),
      notion_2022_(notion_service_, ctx_, scenario.notion.latency, "2022-06-28", &calls_),
      sheets_service_(sheets_model_, drive_model_, mocks::SheetsServiceKnobs{}),
      sheets_exchange_(ctx_, scenario.drive_latency,
                       [this](const mocks::HttpRequest& r, mocks::ExecutionId e, Instant t) {
                         return sheets_service_.Handle(r, e, t, "sim-user");
                       },
                       mocks::Endpoint::kSheetsRead, mocks::Endpoint::kSheetsWrite, "sheets", &calls_) {
  HttpClientOptions sheets_options{.base_url = "sim"};
  sheets_options.exchange = &sheets_exchange_;
  sheets_ = NewSheetsHttpClient(sheets_options);
  for (int d = 0; d < scenario.executions.deployments; ++d) {
    lock_services_.push_back(
        std::make_unique<mocks::SimLockService>(lock_model_, ctx_, d, scenario.lock, &calls_));
    properties_.push_back(
        std::make_unique<mocks::SimProperties>(props_model_, ctx_, d, &calls_));
  }
  data_sources_ = DataSources(scenario_);
  for (const DataSource& ds : data_sources_) ds_ids_.push_back(ds.id);
  logger_.SetDataSources(ds_ids_);
  scheduler_.set_exit_hook([this](ExecutionId id, bool killed) { OnExit(id, killed); });
  if (threads_) threads_->set_exit_hook([this](ExecutionId id, bool killed) { OnExit(id, killed); });
  if (scenario_.gas.enabled) {
    gas_ = std::make_unique<GasExecutions>(GasExecutions::World{
        .scenario = scenario_, .ctx = ctx_, .drive_model = drive_model_, .drive = drive_, .notion = notion_service_,
        .sheets_service = sheets_service_, .sheets = sheets_.get(), .locks = lock_services_, .properties = properties_,
        .clock = clock_, .log = logger_, .stats = &calls_});
    Status s = scenario_.mode == RunMode::kSim
                   ? gas_->Start()
                   : Status(StatusCode::kInvalidArgument, 0, "gas", "a real Apps Script project runs in the sim mode only");
    if (!s.ok()) gas_error_ = std::string(s.message());
  }
  if (scenario_.mode == RunMode::kHttp) {
    http_ = std::make_unique<HttpWorld>(scenario_.endpoint);
    http_drive_ = std::make_unique<ContextDrive>(http_->drive(), *threads_, scenario_.drive_latency, &calls_);
    http_notion_ = std::make_unique<ContextNotion>(http_->notion(), *threads_, scenario_.notion.latency, &calls_);
    http_sheets_ = std::make_unique<ContextSheets>(http_->sheets(), *threads_, scenario_.drive_latency, &calls_);
  }
}

Simulation::~Simulation() = default;

std::vector<DataSource> Simulation::DataSources(const Scenario& scenario) {
  std::vector<DataSource> out;
  mocks::Rng ids = mocks::Rng::Stream(0x5eed, "data-source-ids");  // fixed across schedules
  for (int i = 0; i < scenario.data_source_count; ++i) {
    const uint64_t hi = ids.Next();
    const uint64_t lo = ids.Next();
    DataSource ds;
    ds.id = i < static_cast<int>(scenario.ids.size())
                ? scenario.ids[i]
                : fmt::format("{:08x}-{:04x}-{:04x}-{:04x}-{:012x}", hi >> 32, (hi >> 16) & 0xffff,
                              hi & 0xffff, lo >> 48, lo & 0xffffffffffffULL);
    ds.title = i < static_cast<int>(scenario.titles.size()) ? scenario.titles[i]
                                                             : fmt::format("Database {}", i + 1);
    out.push_back(std::move(ds));
  }
  return out;
}

std::vector<Duration> Simulation::ExecutionStarts(const ExecutionPlan& plan, uint64_t seed) {
  mocks::Rng jitter = mocks::Rng::Stream(seed, "triggers");
  std::vector<Duration> starts;
  for (Duration s : plan.starts) starts.push_back(s);
  const std::vector<Duration> phases = plan.cadence_phases.empty() ? std::vector<Duration>{Duration(0)}
                                                                   : plan.cadence_phases;
  for (Duration phase : phases) {
    for (int k = 0; k < plan.cadence_count; ++k) starts.push_back(phase + plan.cadence * k);
  }
  for (Duration& s : starts) {
    if (plan.jitter > Duration(0)) s += Duration(jitter.Range(0, plan.jitter.count()));
  }
  for (Duration s : plan.manual) starts.push_back(s);
  return starts;
}

int DeploymentOf(const ExecutionPlan& plan, int i) {
  if (i < static_cast<int>(plan.deployment_of.size())) return plan.deployment_of[i];
  const int explicit_starts = static_cast<int>(plan.starts.size());
  const int series = static_cast<int>(plan.cadence_phases.size());
  if (series > 0 && i >= explicit_starts) {
    const int k = i - explicit_starts;
    return k < plan.cadence_count * series ? k / plan.cadence_count : 0;  // manual runs: deployment 0
  }
  return i % plan.deployments;
}

void Simulation::set_strategy(Strategy* strategy) {
  strategy_ = strategy != nullptr ? strategy : &random_strategy_;
  scheduler_.set_strategy(*strategy_);
}

void Simulation::SeedDrive() {
  const Instant old = Epoch() - Duration(30LL * 24 * 3600 * 1000);
  std::string folder(mocks::DriveModel::kRootId);
  if ((scenario_.executions.entry == Entry::kRun && scenario_.core.init_logs) ||
      (scenario_.gas.enabled && scenario_.gas.seed_log_folders)) {
    for (const std::string& level : scenario_.core.log_root_path) {
      folder = drive_model_.Seed(folder, level, kFolderMimeType, old).id;
    }
  }
  parent_id_ = drive_model_.Seed(mocks::DriveModel::kRootId, scenario_.core.parent_fallback_name,
                                 kFolderMimeType, old).id;
  for (int d = 0; d < scenario_.executions.deployments; ++d) {
    props_model_.Seed(d, scenario_.core.parent_folder_key, parent_id_);
  }
  for (int i = 0; i < scenario_.data_source_count; ++i) {
    const std::string name = DbFolderName(data_sources_[i]);
    const SeededDuplicates* dups = nullptr;
    for (const SeededDuplicates& sd : scenario_.duplicates) {
      if (sd.data_source == i) dups = &sd;
    }
    if (dups != nullptr) {
      for (size_t c = 0; c < dups->suffixes.size(); ++c) {
        const Instant t = old + Duration(static_cast<int64_t>(c + 1) * 3600 * 1000);
        const std::string id = drive_model_.Seed(parent_id_, name + dups->suffixes[c],
                                                 kFolderMimeType, t).id;
        for (int f = 0; f < dups->files_per_copy; ++f) {
          drive_model_.Seed(id, f == 0 ? name + ".csv" : fmt::format("notes-{}-{}.md", c, f),
                            kCsvMimeType, t);
        }
      }
    } else if (scenario_.folders_exist) {
      const std::string id = drive_model_.Seed(parent_id_, name, kFolderMimeType, old).id;
      const std::string csv = drive_model_.Seed(id, name + ".csv", kCsvMimeType, old).id;
      if (scenario_.core.sync.enabled || scenario_.gas.enabled) {
        Status s = drive_model_.SetContent(mocks::kNoExecution, old, csv, SeededCsv(i));
        LOCKSTEP_CHECK_MSG(s.ok(), "seeding a CSV");
      }
    }
  }
}

void Simulation::ResetWorld(uint64_t seed, bool tracing) {
  ScheduleLimits limits;
  limits.steps_max = scenario_.steps_max;
  limits.virtual_time_max = scenario_.virtual_time_max;
  limits.kill_after = scenario_.kill_after;
  scheduler_.Reset(Epoch(), limits, tracing);
  if (threads_) threads_->Reset(Epoch(), limits, tracing);
  strategy_->BeginSchedule(seed);
  drive_model_.Reset(Epoch() - Duration(365LL * 24 * 3600 * 1000), seed);
  lock_model_.Reset();
  props_model_.Reset();
  props_model_.Track(scenario_.core.rotation_key);
  drive_.Reset(seed);
  for (auto& l : lock_services_) l->Reset(seed);
  random_.Reset(seed);
  calls_ = {};
  if (scenario_.executions.entry == Entry::kMusic) {
    notion_service_.Reset(seed);
    notion_2022_.Reset(seed);
    SeedMusic();
  }
  if (scenario_.core.sync.enabled || scenario_.gas.enabled) {
    notion_service_.Reset(seed);
    notion_transport_.Reset(seed);
    sheets_exchange_.Reset(seed);
    sheets_model_.Reset(seed);
    SeedNotion();
  }
  SeedDrive();
  if (gas_ && gas_error_.empty()) {
    gas_->Reset(seed, data_sources_, parent_id_);
    gas_->SeedProperties(props_model_);
  }
}

void Simulation::SeedMusic() {
  const Instant old = Epoch() - Duration(30LL * 24 * 3600 * 1000);
  notion_model_.Reset(kNotionSeed);
  auto create = [&](const char* title, const mocks::NJson& props) {
    StatusOr<mocks::NotionDatabase*> db = notion_model_.CreateDatabase("", title, props, old);
    LOCKSTEP_CHECK_MSG(db.ok(), "seeding the music databases: " + std::string(db.status().message()));
    return (*db)->id;
  };
  const mocks::NJson named{{"Name", {{"title", mocks::NJson::object()}}}};
  music_config_.artists_db = create("Artists", named);
  music_config_.playlists_db = create("Playlists", named);
  auto relation = [](const std::string& db) {
    return mocks::NJson{{"relation", {{"database_id", db}, {"type", "single_property"}, {"single_property", mocks::NJson::object()}}}};
  };
  music_config_.tracks_db = create("Tracks", mocks::NJson{{"Title", {{"title", mocks::NJson::object()}}},
                                                          {"djay Pro ID", {{"rich_text", mocks::NJson::object()}}},
                                                          {"Spotify ID", {{"rich_text", mocks::NJson::object()}}},
                                                          {"SoundCloud URL", {{"url", mocks::NJson::object()}}},
                                                          {"Artist Name", {{"rich_text", mocks::NJson::object()}}},
                                                          {"Artists", relation(music_config_.artists_db)},
                                                          {"Playlists", relation(music_config_.playlists_db)}});
  music_config_.fixed = scenario_.music.fixed;
  const int processes = scenario_.executions.deployments;
  keyed_locks_.clear();
  music_processes_.clear();
  for (int d = 0; d < processes; ++d) {
    keyed_locks_.push_back(std::make_unique<mocks::SimKeyedLocks>(ctx_));
    music_processes_.push_back(std::make_unique<MusicWorkflow>(music_config_, keyed_locks_.back().get()));
  }
  next_track_.assign(processes, 0);
  pacers_.assign(processes, NotionPacer{});
}

void Simulation::MusicWorker(ExecutionId id) {
  const int d = records_[id].deployment;
  // The fixed process paces its workers' requests under the integration's 3 requests/s.
  PacedNotionTransport paced(notion_2022_, clock_, pacers_[d]);
  NotionTransport& transport = scenario_.music.fixed ? static_cast<NotionTransport&>(paced) : notion_2022_;
  NotionClient notion(transport, clock_, PythonRetryPolicy());
  RunResult r;
  logger_.MarkProcessed(id);
  while (next_track_[d] < scenario_.music.tracks.size()) {
    const TrackMeta& meta = scenario_.music.tracks[next_track_[d]++];  // the pool's queue
    StatusOr<std::string> page = music_processes_[d]->UpsertTrack(notion, logger_, clock_, meta);
    (page.ok() ? r.processed : r.failed)++;
  }
  r.outcome = RunOutcome::kCompleted;
  records_[id].result = r;
}

void Simulation::SeedNotion() {
  const Instant old = Epoch() - Duration(30LL * 24 * 3600 * 1000);
  notion_model_.Reset(kNotionSeed);
  const bool renamed = scenario_.notion.renamed_since_export;
  // Pages edited in Notion after the CSV's snapshot (a day old) are guarded from its stale values.
  const Instant edited = renamed ? Epoch() - Duration(3600 * 1000) : old;
  mocks::NJson dbs = mocks::NJson::array();
  mocks::NJson sources = mocks::NJson::array();
  for (size_t i = 0; i < data_sources_.size(); ++i) {
    const std::string db = SeededDatabaseId(static_cast<int>(i));
    dbs.push_back({{"id", db}, {"title", data_sources_[i].title}, {"data_sources", {data_sources_[i].id}}});
    sources.push_back({{"id", data_sources_[i].id}, {"database_id", db}, {"title", data_sources_[i].title},
                       {"properties", {{{"id", "title"}, {"name", "Name"}, {"type", "title"}},
                                       {{"id", "nts1"}, {"name", renamed ? "Comments" : "Notes"}, {"type", "rich_text"}}}}});
  }
  if (scenario_.notion.execution_logs) {  // UL.init's log database, without the properties it ensures
    const std::string db = "e0e0e0e0-0000-4000-8000-0000000000db";
    dbs.push_back({{"id", db}, {"title", "Execution-Logs"}, {"data_sources", {kExecutionLogsDataSource}}});
    sources.push_back({{"id", kExecutionLogsDataSource}, {"database_id", db}, {"title", "Execution-Logs"},
                       {"properties", {{{"id", "title"}, {"name", "Name"}, {"type", "title"}},
                                       {{"id", "endt"}, {"name", "End Time"}, {"type", "date"}},
                                       {{"id", "durs"}, {"name", "Duration (s)"}, {"type", "number"}}}}});
  }
  Status loaded = notion_model_.Load(mocks::NJson{{"databases", dbs}, {"data_sources", sources}}, old);
  LOCKSTEP_CHECK_MSG(loaded.ok(), "seeding the Notion workspace: " + std::string(loaded.message()));
  seeded_page_ids_.assign(data_sources_.size(), {});
  for (int d = 0; d < scenario_.executions.deployments; ++d) {  // the last export's column ids
    for (const DataSource& ds : data_sources_) {
      props_model_.Seed(d, scenario_.core.sync.schema_ids_prefix + ds.id, R"({"Name":"title","Notes":"nts1"})");
    }
  }
  for (size_t i = 0; i < data_sources_.size(); ++i) {
    for (int k = 0; k < scenario_.notion.rows; ++k) {
      mocks::NJson props{{"Name", {{"title", {{{"text", {{"content", fmt::format("Row {}.{}", i + 1, k + 1)}}}}}}}},
                         {"nts1", {{"rich_text", {{{"text", {{"content", SeededNote(k, renamed)}}}}}}}}};
      StatusOr<mocks::NotionPage*> page = notion_model_.CreatePage(data_sources_[i].id, "", props, edited, "seed");
      LOCKSTEP_CHECK_MSG(page.ok(), "seeding a Notion page");
      seeded_page_ids_[i].push_back((*page)->id);
    }
  }
}

std::string Simulation::SeededCsv(int i) const {
  const std::string synced = FormatRfc3339(Epoch() - Duration(24LL * 3600 * 1000));
  CsvRows rows{{std::string(kPageIdColumn), std::string(kSyncedColumn), "Name", "Notes"}, {"", "", "title", "rich_text"}};
  for (size_t k = 0; k < seeded_page_ids_[i].size(); ++k) {
    rows.push_back({seeded_page_ids_[i][k], synced, fmt::format("Row {}.{}", i + 1, k + 1), fmt::format("note {}", k + 1)});
  }
  for (int k = 0; k < scenario_.notion.new_rows; ++k) {
    rows.push_back({"", "", fmt::format("New {}.{}", i + 1, k + 1), "added in the CSV"});
  }
  return FormatCsv(rows);
}

std::string Simulation::DrawSwarm(uint64_t seed) {
  // Swarm testing: each fault the scenario configures is on or off for this schedule, so that
  // faults that mask each other are also tried alone.
  mocks::Rng rng = mocks::Rng::Stream(seed, "swarm");
  mocks::DriveKnobs drive = scenario_.drive;
  mocks::LatencyKnob latency = scenario_.drive_latency;
  mocks::DriveFaultKnobs faults = scenario_.drive_faults;
  mocks::LockKnobs lock = scenario_.lock;
  std::string on;
  auto flip = [&](bool configured, const char* name) {
    if (!configured) return false;
    const bool keep = rng.Uniform(2) == 1;
    if (keep) on += (on.empty() ? "" : ", ") + std::string(name);
    return !keep;
  };
  if (flip(drive.lag_max > Duration(0), "listing lag")) drive.lag_min = drive.lag_max = Duration(0);
  if (flip(latency.max > Duration(0), "latency")) latency = {};
  if (flip(drive.move_touches_parents, "moves touch parents")) drive.move_touches_parents = false;
  if (flip(drive.list_includes_trashed, "lists trashed")) drive.list_includes_trashed = false;
  std::vector<mocks::FaultRule> kept;
  for (const mocks::FaultRule& rule : faults.rules) {
    if (!flip(true, FaultRuleLabel(rule).c_str())) kept.push_back(rule);
  }
  faults.rules = std::move(kept);
  if (flip(lock.try_lock_error_per_million > 0, "tryLock errors")) lock = {};
  drive_model_.set_knobs(drive);
  drive_.set_latency(latency);
  drive_.set_faults(faults);
  for (auto& l : lock_services_) l->set_knobs(lock);
  return on.empty() ? "no faults" : on;
}

void Simulation::SpawnExecutions(uint64_t seed) {
  const ExecutionPlan& plan = scenario_.executions;
  const std::vector<Duration> starts = ExecutionStarts(plan, seed);
  records_.assign(starts.size(), ExecutionRecord{});
  liveness_first_ = -1;
  logger_.Reset(static_cast<int>(starts.size()));
  for (size_t i = 0; i < starts.size(); ++i) {
    const int deployment = DeploymentOf(plan, static_cast<int>(i));
    records_[i].deployment = deployment;
    auto body = [this, i] { ExecutionBody(static_cast<ExecutionId>(i)); };
    if (threads_) {
      threads_->Spawn(Epoch() + starts[i], deployment, body);
    } else {
      scheduler_.Spawn(Epoch() + starts[i], deployment, body);
    }
  }
}

void Simulation::PrepareHttp(uint64_t seed) {
  http_error_.clear();
  if (scenario_.executions.entry == Entry::kMusic) {
    http_error_ = "entry: music runs in sim and threads modes; over HTTP only the sync job is wired";
    return;
  }
  http_drive_->Reset(seed);
  http_notion_->Reset(seed);
  http_sheets_->Reset(seed);
  const double scale = scenario_.time_scale;
  // Over HTTP the listing lag becomes the name-search lag (Drive v3 lists parents consistently).
  nlohmann::json knobs{{"drive", {{"name_index_lag_ms", static_cast<int64_t>(scenario_.drive.lag_max.count() / scale)},
                                  {"move_touches_parents", scenario_.drive.move_touches_parents}}}};
  nlohmann::json state{{"drive", mocks::DriveStateJson(drive_model_)}};
  if (scenario_.core.sync.enabled) state["notion"] = nlohmann::json::parse(notion_model_.Dump().dump());
  Status s = http_->Prepare(state, knobs,
                            ScaledFaultRules(scenario_.drive_faults.rules, scale));
  if (!s.ok()) http_error_ = fmt::format("preparing {}: {}", http_->base_url(), s.message());
}

void Simulation::ExecutionBody(ExecutionId id) {
  const int d = records_[id].deployment;
  DriveApi& drive = http_drive_ ? static_cast<DriveApi&>(*http_drive_) : drive_;
  CoreEnv env{drive, *lock_services_[d], *properties_[d], clock_, random_, logger_, scenario_.core};
  NotionTransport& notion_wire = http_notion_ ? static_cast<NotionTransport&>(*http_notion_) : notion_transport_;
  NotionClient notion(notion_wire, clock_);  // per execution, as UrlFetchApp calls are
  if (scenario_.core.sync.enabled) {
    env.notion = &notion;
    env.sheets = http_sheets_ ? static_cast<SheetsApi*>(http_sheets_.get()) : sheets_.get();
  }
  if (scenario_.executions.entry == Entry::kRun) {
    records_[id].result = RunDriveSheets(env, data_sources_);
    return;
  }
  if (scenario_.executions.entry == Entry::kMusic) {
    MusicWorker(id);
    return;
  }
  if (scenario_.executions.entry == Entry::kGas) {
    records_[id].result = gas_->Run(id, d);
    return;
  }
  RunResult folder_steps;
  logger_.MarkProcessed(id);
  for (size_t i = 0; i < data_sources_.size(); ++i) {
    const DataSource& ds = data_sources_[i];
    logger_.MarkDsProcessed(static_cast<int>(i));
    StatusOr<DriveFile> f = EnsureDbFolder(env, parent_id_, ds);
    (f.ok() ? folder_steps.processed : folder_steps.failed)++;
  }
  folder_steps.outcome = RunOutcome::kCompleted;
  records_[id].result = folder_steps;
}

bool Simulation::WantsLivenessPhase() const {
  return scenario_.executions.liveness_runs > 0 && !threads_;
}

void Simulation::RunLivenessPhase(ScheduleResult& r) {
  const ExecutionPlan& plan = scenario_.executions;
  if (r.end.step_limit_hit || r.end.time_limit_hit || r.end.abandoned) {
    scheduler_.Run();  // nothing left to run: only tells the strategy the schedule ended
    return;
  }
  // Faults off: no listing or search lag, no fault rules, no tryLock errors, the real time limit.
  mocks::DriveKnobs calm = drive_model_.knobs();
  calm.lag_min = calm.lag_max = calm.name_index_lag_min = calm.name_index_lag_max = Duration(0);
  drive_model_.set_knobs(calm);
  drive_.set_faults({});
  for (auto& l : lock_services_) l->set_knobs({});
  if (gas_) gas_->Calm();
  scheduler_.set_kill_after(Duration(6 * 60 * 1000));
  const Instant t0 = scheduler_.Now();
  liveness_first_ = static_cast<ExecutionId>(records_.size());
  for (int k = 0; k < plan.liveness_runs; ++k) {
    records_.push_back(ExecutionRecord{});
    const ExecutionId id = static_cast<ExecutionId>(records_.size() - 1);
    scheduler_.Spawn(t0 + plan.liveness_every * (k + 1), 0, [this, id] { ExecutionBody(id); });
  }
  const ScheduleEnd calm_end = scheduler_.Run();
  drive_.FlushDeferred();
  r.end.steps = calm_end.steps;
  r.end.end_time = calm_end.end_time;
  r.end.decisions += calm_end.decisions;
  r.end.preemptions += calm_end.preemptions;
  r.end.step_limit_hit = r.end.step_limit_hit || calm_end.step_limit_hit;
  r.end.time_limit_hit = r.end.time_limit_hit || calm_end.time_limit_hit;
  r.end.abandoned = r.end.abandoned || calm_end.abandoned;
  for (ExecutionId k : calm_end.killed) r.end.killed.push_back(k);
  // The next schedule starts from the scenario's faults again (swarm draws its own).
  drive_model_.set_knobs(scenario_.drive);
  drive_.set_faults(scenario_.drive_faults);
  for (auto& l : lock_services_) l->set_knobs(scenario_.lock);
}

void Simulation::OnExit(ExecutionId id, bool killed) {
  records_[id].killed = killed;
  // Apps Script releases an execution's locks when it ends or is killed.
  std::vector<mocks::WaitQueue*> freed = lock_model_.ReleaseAllOf(id, ctx_.Now());
  if (scenario_.executions.entry == Entry::kMusic) {
    for (mocks::WaitQueue* q : keyed_locks_[records_[id].deployment]->ReleaseAllOf(id)) freed.push_back(q);
  }
  for (mocks::WaitQueue* q : freed) ctx_.NotifyAll(*q);
  if (!freed.empty() && !threads_) scheduler_.MarkGlobalEffect();  // this step changed lock state too
}

ScheduleResult Simulation::RunSchedule(uint64_t seed, bool tracing) {
  ScheduleResult r;
  if (!gas_error_.empty()) {
    r.seed = seed;
    r.bad_input = gas_error_;
    return r;
  }
  ResetWorld(seed, tracing);
  if (scenario_.swarm) r.swarm = DrawSwarm(seed);
  SpawnExecutions(seed);
  r.seed = seed;
  if (http_) {
    PrepareHttp(seed);
    if (!http_error_.empty()) {
      r.violations.push_back(Violation{"http-mode", {}, http_error_});
      return r;
    }
  }
  r.end = threads_ ? threads_->Run() : scheduler_.Run(/*last_phase=*/!WantsLivenessPhase());
  drive_.FlushDeferred();  // late commits land after every execution ended
  if (gas_) gas_->FlushDeferred();
  if (WantsLivenessPhase()) RunLivenessPhase(r);
  if (http_) {  // the checkers read the server's Drive
    StatusOr<nlohmann::json> state = http_->State();
    Status loaded = state.ok() ? mocks::LoadDriveState(drive_model_, (*state)["drive"], Epoch(), seed) : state.status();
    if (loaded.ok() && scenario_.core.sync.enabled) {  // ... and its Notion workspace
      loaded = notion_model_.Load(mocks::NJson::parse((*state)["notion"].dump()), Epoch());
    }
    if (!loaded.ok()) {
      r.violations.push_back(Violation{"http-mode", {}, "reading the server's Drive: " + std::string(loaded.message())});
      return r;
    }
  }
  r.calls = calls_;
  if (gas_) {
    r.bad_input = gas_->bad_input();
    for (const std::string& stall : gas_->stalls()) r.violations.push_back(Violation{"liveness", {}, stall});
  }
  int keyed_waits = 0;
  for (const auto& locks : keyed_locks_) keyed_waits += locks->waits();
  const EndState end{.scenario = scenario_, .epoch = Epoch(), .data_sources = data_sources_, .parent_id = parent_id_,
                     .drive = drive_model_, .locks = lock_model_, .properties = props_model_, .notion = notion_model_,
                     .log = logger_, .executions = records_, .liveness_first = liveness_first_,
                     .seeded_page_ids = seeded_page_ids_, .music = music_config_, .keyed_lock_waits = keyed_waits};
  CheckSchedule(end, r);
  return r;
}

nlohmann::json Simulation::InitialState(uint64_t seed) {
  ResetWorld(seed, false);
  nlohmann::json state{{"drive", mocks::DriveStateJson(drive_model_)}};
  if (scenario_.core.sync.enabled || scenario_.gas.enabled || scenario_.executions.entry == Entry::kMusic) {
    state["notion"] = nlohmann::json::parse(notion_model_.Dump().dump());
  }
  return state;
}

nlohmann::json Simulation::ServerKnobs(double time_scale) const {
  const double scale = time_scale > 0 ? time_scale : 1;
  // As in the http mode: over HTTP the listing lag becomes the name-search lag.
  return nlohmann::json{{"drive", {{"name_index_lag_ms", static_cast<int64_t>(scenario_.drive.lag_max.count() / scale)},
                                   {"move_touches_parents", scenario_.drive.move_touches_parents}}}};
}

ScheduleResult Simulation::CheckState(const nlohmann::json& state, uint64_t seed) {
  ScheduleResult r;
  r.seed = seed;
  ResetWorld(seed, false);  // the data sources, the seeded pages, the music databases' ids
  records_.clear();
  liveness_first_ = -1;
  logger_.Reset(0);
  if (!state.is_object() || !state.contains("drive")) {
    r.bad_input = "the server's state has no Drive";
    return r;
  }
  Status loaded = mocks::LoadDriveState(drive_model_, state["drive"], Epoch(), seed);
  const bool notion = scenario_.core.sync.enabled || scenario_.gas.enabled || scenario_.executions.entry == Entry::kMusic;
  if (loaded.ok() && notion && state.contains("notion")) {
    loaded = notion_model_.Load(mocks::NJson::parse(state["notion"].dump()), Epoch());
  }
  if (!loaded.ok()) {
    r.bad_input = "reading the server's state: " + std::string(loaded.message());
    return r;
  }
  const EndState end{.scenario = scenario_, .epoch = Epoch(), .data_sources = data_sources_, .parent_id = parent_id_,
                     .drive = drive_model_, .locks = lock_model_, .properties = props_model_, .notion = notion_model_,
                     .log = logger_, .executions = records_, .liveness_first = -1,
                     .seeded_page_ids = seeded_page_ids_, .music = music_config_, .keyed_lock_waits = 0};
  CheckSchedule(end, r);
  return r;
}

}  // namespace lockstep::harness
