#include "harness/simulation/gas_executions.h"

#include <algorithm>
#include <cctype>

#include <fmt/format.h>

namespace lockstep::harness {
namespace {

constexpr std::string_view kFolderMime = "application/vnd.google-apps.folder";

// "1A2b-..." -> "1a2b..." (Notion ids are written with and without dashes).
std::string Compact(std::string_view id) {
  std::string out;
  for (char c : id) {
    if (c != '-') out += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  }
  return out;
}

// The thread's hosts, one per project: starting Node and compiling a 10k-line project takes a
// tenth of a second, and a thread's simulations (the explorer's worker, the shrinker's
// candidates, replays) run one at a time.
std::map<std::string, std::unique_ptr<mocks::GasHost>>& ThreadHosts() {
  thread_local std::map<std::string, std::unique_ptr<mocks::GasHost>> hosts;
  return hosts;
}

std::string Substitute(std::string value, const std::string& parent_id, const std::vector<DataSource>& sources) {
  std::string ids;
  for (const DataSource& ds : sources) ids += (ids.empty() ? "" : ",") + ds.id;
  for (auto [name, with] : {std::pair<std::string_view, const std::string*>{"${parent_folder_id}", &parent_id},
                            std::pair<std::string_view, const std::string*>{"${data_source_ids}", &ids}}) {
    for (size_t at = value.find(name); at != std::string::npos; at = value.find(name, at + with->size())) {
      value.replace(at, name.size(), *with);
    }
  }
  return value;
}

}  // namespace

struct GasExecutions::Observed {
  std::vector<char> started;   // per data source: db.start noted
  int current = -1;            // the data source it works on (the last one it touched)
  bool listing = false;        // a listing of the parent's folders is under way ...
  bool listing_saw_current = false;  // ... and showed the current data source's folder
};

GasExecutions::GasExecutions(World world)
    : world_(world),
      cache_model_(mocks::CacheKnobs{.evict_per_million = world.scenario.gas.cache_evict_per_million}),
      drive_service_(world.drive_model, mocks::DriveServiceKnobs{}) {}

GasExecutions::~GasExecutions() = default;

Status GasExecutions::Start() {
  const GasScenario& gas = world_.scenario.gas;
  if (gas.project_dir.empty()) {
    return Status(StatusCode::kInvalidArgument, 0, "gas-project",
                  fmt::format("{}: core: gas needs a project: gas.project, or --gas-project DIR", world_.scenario.file));
  }
  StatusOr<mocks::GasProject> project = mocks::LoadGasProject(gas.project_dir);
  if (!project.ok()) return project.status();
  project_ = std::move(*project);
  const std::string key = fmt::format("{}|{}", project_.dir, gas.stall_timeout_ms);
  auto& hosts = ThreadHosts();
  auto it = hosts.find(key);
  if (it == hosts.end()) {
    StatusOr<std::unique_ptr<mocks::GasHost>> host =
        mocks::GasHost::Start(project_, mocks::GasHostOptions{.stall_timeout_ms = gas.stall_timeout_ms});
    if (!host.ok()) return host.status();
    it = hosts.emplace(key, std::move(*host)).first;
  }
  host_ = it->second.get();
  pin_.reset();
  pin_ = std::make_unique<mocks::ScopedCpuPin>(host_->cpu());
  const int deployments = world_.scenario.executions.deployments;
  for (int d = 0; d < deployments; ++d) {
    caches_.push_back(std::make_unique<mocks::SimCache>(cache_model_, world_.ctx, d));
    triggers_.push_back(std::make_unique<mocks::SimTriggers>(trigger_model_, world_.ctx, d));
    user_properties_.push_back(std::make_unique<mocks::SimProperties>(user_properties_model_, world_.ctx, d, world_.stats));
  }
  using Handler = mocks::SimUrlFetch::Handler;
  std::map<std::string, Handler> hosts_routed;
  hosts_routed["api.notion.com"] = [this](const mocks::HttpRequest& r, mocks::ExecutionId, Instant now) {
    std::string token = r.Header("authorization");
    if (token.rfind("Bearer ", 0) == 0) token = token.substr(7);
    return world_.notion.Handle(r, now, token.empty() ? "anonymous" : token);
  };
  hosts_routed["www.googleapis.com"] = [this](const mocks::HttpRequest& r, mocks::ExecutionId e, Instant now) {
    return drive_service_.Handle(r, e, now, "gas-user");
  };
  hosts_routed["sheets.googleapis.com"] = [this](const mocks::HttpRequest& r, mocks::ExecutionId e, Instant now) {
    return world_.sheets_service.Handle(r, e, now, "gas-user");
  };
  fetch_ = std::make_unique<mocks::SimUrlFetch>(world_.ctx, world_.scenario.notion.latency, std::move(hosts_routed),
                                                std::vector<mocks::FaultRule>{}, world_.stats);
  return Status();
}

void GasExecutions::Reset(uint64_t seed, const std::vector<DataSource>& data_sources, const std::string& parent_id) {
  seed_ = seed;
  parent_id_ = parent_id;
  data_sources_ = data_sources;
  ds_by_compact_id_.clear();
  for (size_t i = 0; i < data_sources.size(); ++i) ds_by_compact_id_[Compact(data_sources[i].id)] = static_cast<int>(i);
  cache_model_.Reset();
  trigger_model_.Reset();
  user_properties_model_.Reset();
  for (auto& c : caches_) c->Reset(seed);
  fetch_->Reset(seed);
  observed_.clear();
  bad_input_.clear();
  stalls_.clear();
}

void GasExecutions::SeedProperties(mocks::PropertiesModel& script_properties) {
  for (int d = 0; d < world_.scenario.executions.deployments; ++d) {
    for (const auto& [key, value] : world_.scenario.gas.script_properties) {
      script_properties.Seed(d, key, Substitute(value, parent_id_, data_sources_));
    }
  }
}

void GasExecutions::FlushDeferred() {
  if (fetch_) fetch_->FlushDeferred();
}

void GasExecutions::Calm() {
  if (fetch_) fetch_->set_rules({});
}

int GasExecutions::DataSourceIn(std::string_view text) const {
  // A 32-hex id, with or without its dashes, anywhere in the text.
  std::string compact;
  std::vector<size_t> starts;
  for (size_t i = 0; i < text.size(); ++i) {
    const char c = static_cast<char>(std::tolower(static_cast<unsigned char>(text[i])));
    if (c == '-') continue;
    compact += c;
  }
  for (size_t i = 0; i + 32 <= compact.size(); ++i) {
    auto it = ds_by_compact_id_.find(compact.substr(i, 32));
    if (it != ds_by_compact_id_.end()) return it->second;
  }
  return -1;
}

void GasExecutions::Observe(mocks::ExecutionId id, const mocks::GasEffect& effect) {
  auto& slot = observed_[id];
  if (!slot) {
    slot = std::make_unique<Observed>();
    slot->started.assign(data_sources_.size(), 0);
  }
  Observed& o = *slot;
  auto start = [&](int ds) {
    o.current = ds;
    if (o.started[ds]) return;
    o.started[ds] = 1;
    world_.log.Note("db.start", data_sources_[ds].id);
  };
  using Kind = mocks::GasEffect::Kind;
  switch (effect.kind) {
    case Kind::kFetch: {
      const int ds = DataSourceIn(effect.url);
      if (ds >= 0) start(ds);
      break;
    }
    case Kind::kList: {
      if (!effect.folders || effect.parent != parent_id_) break;
      if (effect.first_page) {
        o.listing = true;
        o.listing_saw_current = false;
      }
      for (const std::string& name : effect.names) {
        if (o.current >= 0 && DataSourceIn(name) == o.current) o.listing_saw_current = true;
      }
      if (effect.last_page && o.listing) {
        o.listing = false;
        if (o.current >= 0 && !o.listing_saw_current) world_.log.Note("folder.none_found", data_sources_[o.current].id);
      }
      break;
    }
    case Kind::kCreate: {
      const int ds = DataSourceIn(effect.name);
      if (ds < 0) break;
      if (effect.mime == kFolderMime && effect.parent == parent_id_) {
        start(ds);
        world_.log.Note("folder.created", data_sources_[ds].id);
      } else if (effect.name.size() > 4 && effect.name.compare(effect.name.size() - 4, 4, ".csv") == 0) {
        world_.log.Note("db.done", data_sources_[ds].id);
      }
      break;
    }
    case Kind::kWrite: {
      const int ds = DataSourceIn(effect.name);
      if (ds >= 0 && effect.name.size() > 4 && effect.name.compare(effect.name.size() - 4, 4, ".csv") == 0) {
        world_.log.Note("db.done", data_sources_[ds].id);
      }
      break;
    }
    case Kind::kUpdate: {
      const int ds = DataSourceIn(effect.name);
      if (ds >= 0 && effect.trashed && effect.mime == kFolderMime && effect.parent == parent_id_) {
        world_.log.Note("folder.consolidate", data_sources_[ds].id);
      }
      break;
    }
  }
}

RunResult GasExecutions::Run(mocks::ExecutionId id, int deployment) {
  const GasScenario& gas = world_.scenario.gas;
  RunResult r;
  if (!bad_input_.empty()) {  // the schedule already means nothing: run no more of it
    r.outcome = RunOutcome::kFailed;
    return r;
  }
  const size_t d = static_cast<size_t>(deployment);
  mocks::GasServices services{.drive = world_.drive,
                              .locks = *world_.locks[d],
                              .script_properties = *world_.properties[d],
                              .user_properties = *user_properties_[d],
                              .cache = *caches_[d],
                              .fetch = *fetch_,
                              .triggers = *triggers_[d],
                              .sheets = world_.sheets,
                              .clock = world_.clock,
                              .ctx = world_.ctx};
  mocks::GasStart start;
  start.execution = id;
  start.deployment = deployment;
  start.entry = gas.EntryOf(id);
  start.seed = seed_;
  start.user_email = gas.user_emails.empty() ? fmt::format("lockstep-user-{}@example.com", deployment)
                                             : gas.user_emails[std::min(d, gas.user_emails.size() - 1)];
  start.script_id = d < gas.script_ids.size() ? gas.script_ids[d] : fmt::format("lockstep-script-{}", deployment);
  start.time_zone = project_.time_zone;
  start.iterator_page_size = gas.iterator_page_size;
  start.tracing = world_.ctx.Tracing();
  mocks::GasObserver observer = [this](mocks::ExecutionId e, const mocks::GasEffect& effect) { Observe(e, effect); };
  // The execution counts as having processed something (the rotation checker's "processed the
  // same batch") only once it touches a data source (db.start in Observe): a run turned away by its
  // guard after reading every script property read the pointer but processed nothing.
  const mocks::GasOutcome out = mocks::RunGasExecution(*host_, start, services, observer);
  switch (out.kind) {
    case mocks::GasOutcome::Kind::kCompleted:
      r.outcome = RunOutcome::kCompleted;
      break;
    case mocks::GasOutcome::Kind::kFailed:
      r.outcome = RunOutcome::kFailed;
      r.error = Status(StatusCode::kAborted, 0, "gas", out.message);
      break;
    case mocks::GasOutcome::Kind::kUnsupported:
      r.outcome = RunOutcome::kFailed;
      bad_input_ = fmt::format("Apps Script method {} is not supported ({})", out.message,
                               out.site.empty() ? "no call site" : out.site);
      break;
    case mocks::GasOutcome::Kind::kRuntimeError:
      r.outcome = RunOutcome::kFailed;
      if (out.message.find("without an Apps Script call") != std::string::npos) {
        stalls_.push_back(fmt::format("E{}: {}", id, out.message));
      } else {
        std::string_view message = out.message;  // the runtime's own errors say "lockstep: " already
        if (message.rfind("lockstep: ", 0) == 0) message.remove_prefix(10);
        bad_input_ = fmt::format("execution E{} of {}: {}", id, project_.dir, message);
      }
      break;
  }
  if (auto it = observed_.find(id); it != observed_.end()) {
    for (size_t i = 0; i < it->second->started.size(); ++i) r.processed += it->second->started[i];
  }
  // A run that ended normally without touching a data source was turned away (by its run guard,
  // or found nothing to do): the platform, like production's logs, calls it completed.
  if (r.outcome == RunOutcome::kCompleted && r.processed == 0 && !data_sources_.empty()) r.outcome = RunOutcome::kSkipped;
  return r;
}

}  // namespace lockstep::harness
