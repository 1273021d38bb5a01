// lockstep_soak: a bounded loopback load on a real `lockstep serve` process, then a check of
// what the server holds against what its clients were told (docs/performance.md, "Soak").
//
//   lockstep_soak --lockstep build/release/lockstep --connections 64 --seconds 60 --out soak.json
//
// It starts the server on a free port, seeds it through the API (a parent folder pair per
// connection, a spreadsheet, a Notion database), adds fault rules through the admin API, and runs
// one keep-alive connection per thread for the given time, each a seeded mix of Drive creates,
// lists, moves and trashes, Sheets appends, and Notion page creates and queries. Every write names
// what it writes uniquely ("soak-<connection>-<n>"), so the end state can be matched to the
// requests. Then it lands the late commits (/__admin/flush), reads the state and the journal, and
// checks:
//   - every acknowledged create is present exactly once (Drive by id and name, Notion pages and
//     Sheets rows by name);
//   - nothing is present that no client was told about, except the declared late commits: a
//     create answered by a commit-then-fail or fail-then-commit rule may be present once;
//   - a create refused by a respond rule is absent;
//   - every acknowledged move and trash holds in the end state (per folder, in its client's order);
//   - no 5xx the rules did not inject, no transport error, no malformed JSON answer;
//   - the journal stays within its bound, and the server's peak RSS within --rss-max-mb;
//   - the server exits 0 on SIGTERM.
// Exit 0: all held; 1: a check failed (each failure printed); 2: bad arguments; 3: the server
// could not be started or answered no setup request.
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <map>
#include <mutex>
#include <optional>
#include <random>
#include <set>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include <fmt/format.h>
#include <httplib.h>
#include <nlohmann/json.hpp>

extern char** environ;

namespace {

using Json = nlohmann::json;
using Clock = std::chrono::steady_clock;
constexpr const char* kToken = "soak-token";
constexpr size_t kJournalMax = 10'000;  // MockServerOptions::journal_max, lockstep serve's default

struct Options {
  std::string lockstep;
  int connections = 64;
  int seconds = 60;
  uint64_t seed = 1;
  std::string out;
  int64_t rss_max_mb = 1024;
};

// What a client was told about one write.
enum class Outcome { kAcked, kRefused, kCommitted, kUnknown };

Outcome Classify(int status, const std::string& body) {
  if (status >= 200 && status < 300) return Outcome::kAcked;
  if (body.find("(the call committed)") != std::string::npos ||
      body.find("(the call commits later)") != std::string::npos) {
    return Outcome::kCommitted;
  }
  return Outcome::kRefused;  // an injected refusal, or the service's own 4xx: nothing applied
}

struct Create {
  std::string kind;  // "drive", "notion", "sheets"
  std::string name;
  Outcome outcome = Outcome::kUnknown;
  std::string id;  // the acknowledged id (Drive, Notion)
};

// A folder a client created and acknowledged, and what its acknowledged moves and trashes leave.
struct Folder {
  std::string id;
  std::string name;
  int parent = 0;  // 0: the connection's folder A, 1: B
  bool trashed = false;
  bool ambiguous = false;  // a move or trash whose outcome the client could not know
};

struct Stats {
  int64_t requests = 0;
  std::map<int, int64_t> statuses;
  int64_t injected = 0;
  std::vector<int64_t> micros;
  std::map<std::string, std::string> uninjected_errors;  // "METHOD /route STATUS" -> the first body
};

// The route of a path with ids left out, for the error examples: "/drive/v3/files/{id}".
std::string RouteOf(const std::string& path) {
  const std::string p = path.substr(0, path.find('?'));
  std::string out;
  int segment = 0;
  for (size_t i = 1; i <= p.size(); ++segment) {
    const size_t slash = std::min(p.find('/', i), p.size());
    const std::string part = p.substr(i, slash - i);
    out += "/" + (part.size() > 20 ? std::string("{id}") : part);
    i = slash + 1;
  }
  return out;
}

struct Connection {
  int index = 0;
  std::string parent_a, parent_b;
  std::vector<Create> creates;
  std::vector<Folder> folders;
  Stats stats;
  std::vector<std::string> failures;
};

struct World {
  std::string data_source;
  std::string spreadsheet;
};

std::string Arg(int& i, int argc, char** argv) {
  if (i + 1 >= argc) {
    fmt::print(stderr, "lockstep_soak: {} needs a value\n", argv[i]);
    std::exit(2);
  }
  return argv[++i];
}

int64_t ParseCount(const std::string& flag, const std::string& v, int64_t lo, int64_t hi) {
  char* end = nullptr;
  const long long n = std::strtoll(v.c_str(), &end, 10);
  if (v.empty() || *end != '\0' || n < lo || n > hi) {
    fmt::print(stderr, "lockstep_soak: {}: expected an integer in [{}, {}], got '{}'\n", flag, lo, hi, v);
    std::exit(2);
  }
  return n;
}

// The server process: started with a pipe on its stdout, whose first line names the port.
struct Server {
  pid_t pid = -1;
  int port = 0;
};

std::optional<Server> StartServer(const Options& o) {
  int fds[2];
  if (pipe(fds) != 0) return std::nullopt;
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_adddup2(&actions, fds[1], 1);
  posix_spawn_file_actions_addclose(&actions, fds[0]);
  const std::string threads = std::to_string(o.connections + 16);  // each keep-alive connection holds one
  const std::string seed = std::to_string(o.seed);
  std::vector<std::string> args = {o.lockstep, "serve", "--port", "0", "--token", kToken, "--seed", seed,
                                   "--threads", threads};
  std::vector<char*> argv;
  for (std::string& a : args) argv.push_back(a.data());
  argv.push_back(nullptr);
  Server s;
  const int rc = posix_spawn(&s.pid, o.lockstep.c_str(), &actions, nullptr, argv.data(), environ);
  posix_spawn_file_actions_destroy(&actions);
  close(fds[1]);
  if (rc != 0) {
    close(fds[0]);
    fmt::print(stderr, "lockstep_soak: cannot start {}: {}\n", o.lockstep, std::strerror(rc));
    return std::nullopt;
  }
  std::string line;
  char c;
  while (read(fds[0], &c, 1) == 1 && c != '\n') line += c;
  close(fds[0]);
  const size_t at = line.find("http://127.0.0.1:");
  if (at == std::string::npos) {
    fmt::print(stderr, "lockstep_soak: the server said '{}', not its address\n", line);
    kill(s.pid, SIGKILL);
    waitpid(s.pid, nullptr, 0);
    return std::nullopt;
  }
  s.port = std::atoi(line.c_str() + at + 17);
  return s;
}

int64_t RssKb(pid_t pid, const char* field) {
  std::ifstream in(fmt::format("/proc/{}/status", pid));
  std::string line;
  while (std::getline(in, line)) {
    if (line.rfind(field, 0) == 0) return std::atoll(line.c_str() + std::strlen(field));
  }
  return -1;
}

std::unique_ptr<httplib::Client> NewClient(int port) {
  auto c = std::make_unique<httplib::Client>("127.0.0.1", port);
  c->set_keep_alive(true);
  c->set_tcp_nodelay(true);
  c->set_connection_timeout(5);
  c->set_read_timeout(30);
  c->set_write_timeout(30);
  c->set_default_headers({{"Authorization", std::string("Bearer ") + kToken}, {"Notion-Version", "2025-09-03"}});
  return c;
}

// One request, counted; a transport error or a 5xx that no rule injected is a failure.
struct Answer {
  bool transport_ok = false;
  int status = 0;
  std::string body;
};

Answer Send(httplib::Client& c, Connection& conn, const std::string& method, const std::string& path,
            const std::string& body) {
  const auto start = Clock::now();
  httplib::Result r = method == "GET"     ? c.Get(path)
                      : method == "PATCH" ? c.Patch(path, body, "application/json")
                                          : c.Post(path, body, "application/json");
  conn.stats.micros.push_back(std::chrono::duration_cast<std::chrono::microseconds>(Clock::now() - start).count());
  ++conn.stats.requests;
  Answer a;
  if (!r) {
    conn.failures.push_back(fmt::format("{} {}: transport error {} (request {} of this connection, after {} us)", method,
                                        path, httplib::to_string(r.error()), conn.stats.requests,
                                        conn.stats.micros.back()));
    return a;
  }
  a.transport_ok = true;
  a.status = r->status;
  a.body = r->body;
  ++conn.stats.statuses[a.status];
  const bool injected = a.body.find("Injected fault") != std::string::npos;
  if (injected) ++conn.stats.injected;
  if (a.status >= 400 && !injected) {
    conn.stats.uninjected_errors.emplace(fmt::format("{} {} {}", method, RouteOf(path), a.status), a.body.substr(0, 300));
  }
  if (a.status >= 500 && !injected) {
    conn.failures.push_back(fmt::format("{} {}: {} that no rule injected: {}", method, path, a.status, a.body.substr(0, 200)));
  }
  if (a.status >= 200 && a.status < 300 && Json::parse(a.body, nullptr, false).is_discarded()) {
    conn.failures.push_back(fmt::format("{} {}: a {} whose body is not JSON", method, path, a.status));
  }
  return a;
}

// A setup request, retried while a fault or a transport error gets in the way (none is loaded
// yet, but the server may still be starting).
std::optional<Json> Setup(httplib::Client& c, const std::string& method, const std::string& path, const Json& body) {
  for (int attempt = 0; attempt < 20; ++attempt) {
    httplib::Result r = method == "GET" ? c.Get(path)
                        : method == "PATCH" ? c.Patch(path, body.dump(), "application/json")
                                            : c.Post(path, body.dump(), "application/json");
    if (r && r->status == 200) return Json::parse(r->body, nullptr, false);
    if (r && r->status < 500) {
      fmt::print(stderr, "lockstep_soak: setup {} {}: {} {}\n", method, path, r->status, r->body.substr(0, 300));
      return std::nullopt;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
  }
  return std::nullopt;
}

std::string FolderBody(const std::string& name, const std::string& parent) {
  return Json{{"name", name}, {"mimeType", "application/vnd.google-apps.folder"}, {"parents", {parent}}}.dump();
}

void RunConnection(int port, const World& world, Connection& conn, uint64_t seed, Clock::time_point deadline) {
  std::unique_ptr<httplib::Client> c = NewClient(port);
  std::mt19937_64 rng(seed * 1'000'003 + static_cast<uint64_t>(conn.index));
  int n = 0;
  auto next_name = [&] { return fmt::format("soak-{}-{}", conn.index, n++); };
  while (Clock::now() < deadline) {
    const int pick = static_cast<int>(rng() % 100);
    if (pick < 25) {  // Drive create
      Create cr{.kind = "drive", .name = next_name()};
      Answer a = Send(*c, conn, "POST", "/drive/v3/files?fields=id,name,parents", FolderBody(cr.name, conn.parent_a));
      cr.outcome = a.transport_ok ? Classify(a.status, a.body) : Outcome::kUnknown;
      if (cr.outcome == Outcome::kAcked) {
        const Json j = Json::parse(a.body, nullptr, false);
        cr.id = j.is_object() ? j.value("id", "") : "";
        conn.folders.push_back(Folder{.id = cr.id, .name = cr.name});
      }
      conn.creates.push_back(std::move(cr));
    } else if (pick < 45) {  // Drive list
      Send(*c, conn, "GET",
           "/drive/v3/files?pageSize=100&fields=files(id,name),nextPageToken&q=" +
               httplib::detail::encode_query_param("'" + conn.parent_a + "' in parents and trashed = false"),
           "");
    } else if (pick < 60) {  // Drive move (45-54) or trash (55-59) of one of its folders
      std::vector<Folder*> live;
      for (Folder& f : conn.folders) {
        if (!f.trashed && !f.ambiguous) live.push_back(&f);
      }
      if (live.empty()) continue;
      Folder& f = *live[rng() % live.size()];
      const bool trash = pick >= 55;
      const std::string from = f.parent == 0 ? conn.parent_a : conn.parent_b;
      const std::string to = f.parent == 0 ? conn.parent_b : conn.parent_a;
      Answer a = trash ? Send(*c, conn, "PATCH", "/drive/v3/files/" + f.id, R"({"trashed":true})")
                       : Send(*c, conn, "PATCH", "/drive/v3/files/" + f.id + "?addParents=" + to + "&removeParents=" + from, "{}");
      const Outcome o = a.transport_ok ? Classify(a.status, a.body) : Outcome::kUnknown;
      if (o == Outcome::kUnknown) {
        f.ambiguous = true;
      } else if (o != Outcome::kRefused) {
        if (trash) f.trashed = true;
        else f.parent = 1 - f.parent;
      }
    } else if (pick < 75) {  // Sheets append
      Create cr{.kind = "sheets", .name = next_name()};
      Answer a = Send(*c, conn, "POST",
                      "/v4/spreadsheets/" + world.spreadsheet + "/values/Soak!A:B:append?valueInputOption=RAW",
                      Json{{"values", Json::array({Json::array({cr.name, conn.index})})}}.dump());
      cr.outcome = a.transport_ok ? Classify(a.status, a.body) : Outcome::kUnknown;
      conn.creates.push_back(std::move(cr));
    } else if (pick < 90) {  // Notion page create
      Create cr{.kind = "notion", .name = next_name()};
      Answer a = Send(*c, conn, "POST", "/v1/pages",
                      Json{{"parent", {{"data_source_id", world.data_source}}},
                           {"properties", {{"Name", {{"title", {{{"text", {{"content", cr.name}}}}}}}}}}}.dump());
      cr.outcome = a.transport_ok ? Classify(a.status, a.body) : Outcome::kUnknown;
      if (cr.outcome == Outcome::kAcked) {
        const Json j = Json::parse(a.body, nullptr, false);
        cr.id = j.is_object() ? j.value("id", "") : "";
      }
      conn.creates.push_back(std::move(cr));
    } else {  // Notion query
      Send(*c, conn, "POST", "/v1/data_sources/" + world.data_source + "/query",
           Json{{"filter", {{"property", "Name"}, {"title", {{"starts_with", fmt::format("soak-{}-", conn.index)}}}}},
                {"page_size", 10}}
               .dump());
    }
  }
}

// The plain text of a Notion title value as the state snapshot stores it.
std::string TitleOf(const Json& page) {
  if (!page.contains("values") || !page["values"].contains("title")) return "";
  const Json& v = page["values"]["title"];
  const Json& parts = v.is_object() && v.contains("title") ? v["title"] : v;
  std::string out;
  if (!parts.is_array()) return out;
  for (const Json& p : parts) out += p.value("plain_text", p.contains("text") ? p["text"].value("content", "") : "");
  return out;
}

}  // namespace

int main(int argc, char** argv) {
  Options o;
  for (int i = 1; i < argc; ++i) {
    const std::string a = argv[i];
    if (a == "--lockstep") o.lockstep = Arg(i, argc, argv);
    else if (a == "--connections") o.connections = static_cast<int>(ParseCount(a, Arg(i, argc, argv), 1, 512));
    else if (a == "--seconds") o.seconds = static_cast<int>(ParseCount(a, Arg(i, argc, argv), 1, 3600));
    else if (a == "--seed") o.seed = static_cast<uint64_t>(ParseCount(a, Arg(i, argc, argv), 0, INT64_MAX));
    else if (a == "--rss-max-mb") o.rss_max_mb = ParseCount(a, Arg(i, argc, argv), 16, 1 << 20);
    else if (a == "--out") o.out = Arg(i, argc, argv);
    else {
      fmt::print(stderr, "lockstep_soak: unknown argument '{}' (expected --lockstep PATH, --connections N, "
                         "--seconds N, --seed N, --rss-max-mb N, --out FILE)\n", a);
      return 2;
    }
  }
  if (o.lockstep.empty()) {
    fmt::print(stderr, "lockstep_soak: --lockstep PATH (the lockstep binary) is required\n");
    return 2;
  }
  std::signal(SIGPIPE, SIG_IGN);
  std::optional<Server> server = StartServer(o);
  if (!server) return 3;
  std::vector<std::string> failures;
  auto stop_server = [&] {
    kill(server->pid, SIGTERM);
    int status = 0;
    waitpid(server->pid, &status, 0);
    if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) {
      failures.push_back(fmt::format("the server did not exit 0 on SIGTERM (wait status {})", status));
    }
  };

  // Set-up: two folders per connection, a spreadsheet with a Soak tab, a Notion database.
  std::unique_ptr<httplib::Client> admin = NewClient(server->port);
  World world;
  std::vector<Connection> conns(static_cast<size_t>(o.connections));
  std::optional<Json> state0 = Setup(*admin, "GET", "/__admin/state", nullptr);
  bool ok = state0.has_value();
  for (size_t i = 0; ok && i < conns.size(); ++i) {
    conns[i].index = static_cast<int>(i);
    std::optional<Json> a = Setup(*admin, "POST", "/drive/v3/files",
                                  Json::parse(FolderBody(fmt::format("soak-parent-{}-a", i), "root")));
    std::optional<Json> b = Setup(*admin, "POST", "/drive/v3/files",
                                  Json::parse(FolderBody(fmt::format("soak-parent-{}-b", i), "root")));
    ok = a && b;
    if (ok) {
      conns[i].parent_a = (*a)["id"];
      conns[i].parent_b = (*b)["id"];
    }
  }
  std::optional<Json> ss = ok ? Setup(*admin, "POST", "/v4/spreadsheets",
                                      Json{{"properties", {{"title", "Soak"}}}, {"sheets", {{{"properties", {{"title", "Soak"}}}}}}})
                              : std::nullopt;
  std::optional<Json> db =
      ss ? Setup(*admin, "POST", "/v1/databases",
                 Json{{"parent", {{"type", "page_id"}, {"page_id", (*state0)["notion"]["root_page_id"]}}},
                      {"title", {{{"text", {{"content", "Soak"}}}}}},
                      {"initial_data_source", {{"properties", {{"Name", {{"title", Json::object()}}}}}}}})
         : std::nullopt;
  // The faults: refusals, commits the client is not told of, late commits, latency.
  const Json rules = Json::array({
      {{"method", "POST"}, {"path_prefix", "/drive/v3/files"}, {"probability", 0.02}, {"action", "respond"}, {"status", 503}},
      {{"method", "POST"}, {"path_prefix", "/drive/v3/files"}, {"probability", 0.01}, {"action", "commit_then_fail"}, {"status", 500}},
      {{"method", "PATCH"}, {"path_prefix", "/drive/v3/files/"}, {"probability", 0.02}, {"action", "commit_then_fail"}, {"status", 503}},
      {{"method", "PATCH"}, {"path_prefix", "/drive/v3/files/"}, {"probability", 0.02}, {"action", "respond"}, {"status", 403}, {"reason", "userRateLimitExceeded"}},
      {{"method", "GET"}, {"path_prefix", "/drive/v3/files"}, {"probability", 0.01}, {"action", "latency"}, {"delay_ms", 20}},
      {{"method", "POST"}, {"path_prefix", "/v4/spreadsheets/"}, {"probability", 0.02}, {"action", "respond"}, {"status", 503}},
      {{"method", "POST"}, {"path_prefix", "/v1/pages"}, {"probability", 0.02}, {"action", "respond"}, {"status", 429}, {"reason", "rate_limited"}},
      {{"method", "POST"}, {"path_prefix", "/v1/pages"}, {"probability", 0.01}, {"action", "fail_then_commit"}, {"status", 502}, {"delay_ms", 200}},
  });
  std::optional<Json> added = db ? Setup(*admin, "POST", "/__admin/faults", rules) : std::nullopt;
  if (!added || !db->contains("data_sources") || (*db)["data_sources"].empty()) {
    fmt::print(stderr, "lockstep_soak: the server answered no set-up\n");
    stop_server();
    return 3;
  }
  world.spreadsheet = (*ss)["spreadsheetId"];
  world.data_source = (*db)["data_sources"][0]["id"];

  // The load, with the server's RSS sampled beside it.
  std::atomic<bool> done{false};
  int64_t rss_peak_kb = 0;
  std::thread sampler([&] {
    while (!done.load()) {
      rss_peak_kb = std::max(rss_peak_kb, RssKb(server->pid, "VmRSS:"));
      std::this_thread::sleep_for(std::chrono::milliseconds(100));
    }
  });
  const auto start = Clock::now();
  const auto deadline = start + std::chrono::seconds(o.seconds);
  std::vector<std::thread> threads;
  for (Connection& conn : conns) {
    threads.emplace_back([&, p = &conn] { RunConnection(server->port, world, *p, o.seed, deadline); });
  }
  for (std::thread& t : threads) t.join();
  const double elapsed = std::chrono::duration<double>(Clock::now() - start).count();
  done = true;
  sampler.join();
  const int64_t hwm_kb = RssKb(server->pid, "VmHWM:");

  // The end state: late commits landed first.
  std::optional<Json> flushed = Setup(*admin, "POST", "/__admin/flush", Json::object());
  std::optional<Json> state = Setup(*admin, "GET", "/__admin/state", nullptr);
  std::optional<Json> journal = Setup(*admin, "GET", "/__admin/journal?since=0&limit=1000000", nullptr);
  if (!flushed || !state || !journal) {
    failures.push_back("the server did not answer the admin API after the load");
  }

  Stats total;
  for (Connection& conn : conns) {
    total.requests += conn.stats.requests;
    total.injected += conn.stats.injected;
    for (const auto& [s, n] : conn.stats.statuses) total.statuses[s] += n;
    total.uninjected_errors.insert(conn.stats.uninjected_errors.begin(), conn.stats.uninjected_errors.end());
    total.micros.insert(total.micros.end(), conn.stats.micros.begin(), conn.stats.micros.end());
    for (std::string& f : conn.failures) failures.push_back(fmt::format("connection {}: {}", conn.index, f));
  }
  std::sort(total.micros.begin(), total.micros.end());
  auto quantile = [&](double q) {
    return total.micros.empty() ? 0 : total.micros[std::min(total.micros.size() - 1, static_cast<size_t>(q * total.micros.size()))];
  };

  int64_t creates_checked = 0, late_present = 0, folders_checked = 0;
  if (state) {
    // What the server holds, by name.
    std::map<std::string, std::vector<const Json*>> drive_by_name, pages_by_name;
    std::map<std::string, int> rows_by_name;
    for (const Json& f : (*state)["drive"]["files"]) {
      const std::string name = f.value("name", "");
      if (name.rfind("soak-", 0) == 0 && name.rfind("soak-parent-", 0) != 0) drive_by_name[name].push_back(&f);
    }
    for (const Json& p : (*state)["notion"]["pages"]) {
      const std::string t = TitleOf(p);
      if (t.rfind("soak-", 0) == 0) pages_by_name[t].push_back(&p);
    }
    for (const Json& s : (*state)["sheets"]["spreadsheets"]) {
      for (const Json& tab : s["sheets"]) {
        for (const Json& row : tab["rows"]) {
          if (!row.empty() && row[0].is_string() && row[0].get<std::string>().rfind("soak-", 0) == 0) {
            ++rows_by_name[row[0].get<std::string>()];
          }
        }
      }
    }
    std::set<std::string> told;
    for (const Connection& conn : conns) {
      for (const Create& cr : conn.creates) {
        told.insert(cr.kind + "/" + cr.name);
        const size_t present = cr.kind == "drive"    ? drive_by_name[cr.name].size()
                               : cr.kind == "notion" ? pages_by_name[cr.name].size()
                                                     : static_cast<size_t>(rows_by_name[cr.name]);
        ++creates_checked;
        const char* what = cr.outcome == Outcome::kAcked ? "acknowledged" : cr.outcome == Outcome::kRefused ? "refused"
                           : cr.outcome == Outcome::kCommitted ? "late-commit" : "unknown";
        const bool fine = cr.outcome == Outcome::kAcked     ? present == 1
                          : cr.outcome == Outcome::kRefused ? present == 0
                                                            : present <= 1;
        if (cr.outcome == Outcome::kCommitted && present == 1) ++late_present;
        if (!fine) failures.push_back(fmt::format("{} create {} ({}): present {} times", cr.kind, cr.name, what, present));
        if (cr.outcome == Outcome::kAcked && present == 1 && !cr.id.empty()) {
          const Json& held = cr.kind == "drive" ? *drive_by_name[cr.name][0] : cr.kind == "notion" ? *pages_by_name[cr.name][0] : Json();
          if (held.is_object() && held.value("id", "") != cr.id) {
            failures.push_back(fmt::format("{} create {}: acknowledged as {}, held as {}", cr.kind, cr.name, cr.id, held.value("id", "")));
          }
        }
      }
      for (const Folder& f : conn.folders) {
        if (f.ambiguous || drive_by_name[f.name].size() != 1) continue;
        const Json& held = *drive_by_name[f.name][0];
        const std::string parent = held.contains("parents") && !held["parents"].empty() ? held["parents"][0].get<std::string>() : "";
        const std::string want = f.parent == 0 ? conn.parent_a : conn.parent_b;
        ++folders_checked;
        if (parent != want || held.value("trashed", false) != f.trashed) {
          failures.push_back(fmt::format("folder {}: the clients' acknowledged moves and trashes leave it in {} "
                                         "(trashed {}), the server holds it in {} (trashed {})",
                                         f.name, want, f.trashed, parent, held.value("trashed", false)));
        }
      }
    }
    for (const auto* held : {&drive_by_name, &pages_by_name}) {
      const std::string kind = held == &drive_by_name ? "drive" : "notion";
      for (const auto& [name, items] : *held) {
        if (!items.empty() && told.count(kind + "/" + name) == 0) failures.push_back(fmt::format("{} {}: present, and no client wrote it", kind, name));
      }
    }
    for (const auto& [name, count] : rows_by_name) {
      if (count > 0 && told.count("sheets/" + name) == 0) failures.push_back(fmt::format("sheets row {}: present, and no client wrote it", name));
    }
  }
  size_t journal_entries = 0;
  if (journal) {
    journal_entries = (*journal)["entries"].size();
    if (journal_entries > kJournalMax) {
      failures.push_back(fmt::format("the journal holds {} entries, over its bound of {}", journal_entries, kJournalMax));
    }
  }
  if (rss_peak_kb > o.rss_max_mb * 1024) {
    failures.push_back(fmt::format("the server's peak RSS {} MB is over --rss-max-mb {}", rss_peak_kb / 1024, o.rss_max_mb));
  }
  stop_server();

  Json statuses = Json::object();
  for (const auto& [s, n] : total.statuses) statuses[std::to_string(s)] = n;
  const Json report{
      {"connections", o.connections}, {"seconds", o.seconds}, {"seed", o.seed},
      {"requests", total.requests}, {"requests_per_second", elapsed > 0 ? total.requests / elapsed : 0},
      {"latency_us", {{"p50", quantile(0.50)}, {"p99", quantile(0.99)}, {"max", total.micros.empty() ? 0 : total.micros.back()}}},
      {"statuses", statuses}, {"injected_faults", total.injected},
      {"errors_not_injected", total.uninjected_errors},
      {"creates_checked", creates_checked}, {"late_commits_present", late_present}, {"folders_checked", folders_checked},
      {"journal_entries", journal_entries}, {"journal_max", kJournalMax},
      {"server_rss_peak_mb", rss_peak_kb / 1024.0}, {"server_rss_hwm_mb", hwm_kb / 1024.0},
      {"failures", failures.size()}};
  fmt::print("{}\n", report.dump(2));
  for (size_t i = 0; i < failures.size() && i < 50; ++i) fmt::print(stderr, "FAIL: {}\n", failures[i]);
  if (failures.size() > 50) fmt::print(stderr, "... and {} more\n", failures.size() - 50);
  if (!o.out.empty()) {
    const std::string tmp = o.out + ".tmp";
    std::ofstream(tmp) << report.dump(2) << "\n";
    std::rename(tmp.c_str(), o.out.c_str());
  }
  return failures.empty() ? 0 : 1;
}
