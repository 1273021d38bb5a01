// Exploration beyond one process: a random, a PCT and a DFS scenario run unsplit and as 4 shards
// in separate processes, merged by `lockstep merge`, give the unsplit run's report.json (apart
// from generated_at) and its trace and shrunk counterexample byte for byte; a shard killed
// part-way (SIGKILL, as a preempted pod) and resumed gives the same merged result; shards that do
// not belong together are refused (exit 2) with nothing written; shard identity comes from
// --shard, GTEST_SHARD_INDEX/GTEST_TOTAL_SHARDS and JOB_COMPLETION_INDEX; a checklist split in
// shards merges into the same checklist; and the example files of docs/distributed/ (a GitHub
// Actions workflow, a Kubernetes Indexed Job with its merge, a local xargs -P script) run their
// lockstep commands as written, against the real binary.
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>
#include <regex>
#include <sstream>
#include <thread>

#include <fmt/format.h>
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>
#include <yaml-cpp/yaml.h>

extern char** environ;

namespace lockstep {
namespace {

namespace fs = std::filesystem;

#ifdef LOCKSTEP_SANITIZED
constexpr bool kSanitized = true;  // every step some 20 times slower: fewer schedules
#else
constexpr bool kSanitized = false;
#endif

const std::string kSource = LOCKSTEP_SOURCE_DIR;
const std::string kBin = LOCKSTEP_BINARY;
// The shard variables of the environment this test may itself run in are not the children's.
const std::string kEnv =
    "env -u GTEST_SHARD_INDEX -u GTEST_TOTAL_SHARDS -u JOB_COMPLETION_INDEX -u LOCKSTEP_TOTAL_SHARDS "
    "-u GITHUB_STEP_SUMMARY SOURCE_DATE_EPOCH=1700000000 ";

std::string TempDir(const std::string& name) {
  const fs::path dir = fs::temp_directory_path() / fmt::format("lockstep-distributed-{}-{}", name, ::getpid());
  fs::remove_all(dir);
  fs::create_directories(dir);
  return dir.string();
}

// Runs a shell command line; its exit code.
int Sh(const std::string& command) {
  const int status = std::system(command.c_str());
  return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
}

std::string Slurp(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

// report.json without the one field that may differ: generated_at.
std::string Comparable(const std::string& report_path) {
  const std::string text = Slurp(report_path);
  EXPECT_FALSE(text.empty()) << report_path;
  nlohmann::ordered_json j = nlohmann::ordered_json::parse(text, nullptr, false);
  EXPECT_FALSE(j.is_discarded()) << report_path;
  j.erase("generated_at");
  return j.dump(2);
}

// Every file of `whole` but the shard files is in `merged`, and the same apart from generated_at
// (report.json) or the "Generated" line (Markdown, HTML and the run-level files, which print it).
void ExpectSameReports(const std::string& whole, const std::string& merged) {
  ASSERT_TRUE(fs::exists(merged + "/report.json")) << merged;
  EXPECT_EQ(Comparable(whole + "/report.json"), Comparable(merged + "/report.json")) << whole << " vs " << merged;
  for (const char* f : {"first-failure.trace.json", "first-failure.timeline.txt", "shrunk.yaml", "shrunk.trace.json",
                        "shrunk.sequence.txt"}) {
    EXPECT_EQ(fs::exists(whole + "/" + f), fs::exists(merged + "/" + f)) << f;
    if (fs::exists(whole + "/" + f)) {
      EXPECT_EQ(Slurp(whole + "/" + f), Slurp(merged + "/" + f)) << f;
    }
  }
}

struct Split {
  const char* scenario;
  const char* args;
};

TEST(Distributed, FourShardsInSeparateProcessesMergeToTheUnsplitReport) {
  const std::string t = TempDir("merge");
  for (const Split& s : {Split{"nested-lock/s1-new.yaml", "--strategy random --schedules 120"},
                         Split{"race-before-lock/folder-step-check-then-lock.yaml", "--strategy pct --schedules 120"},
                         Split{"proofs/proof-folder-step-check-then-lock.yaml", "--strategy dfs"}}) {
    SCOPED_TRACE(s.scenario);
    const std::string sc = kSource + "/scenarios/" + s.scenario;
    const std::string dir = t + "/" + fs::path(s.scenario).stem().string();
    const int whole = Sh(fmt::format("{}{} run {} {} --workers 1 --quiet --out {}/whole >/dev/null", kEnv, kBin, sc,
                                     s.args, dir));
    ASSERT_EQ(whole, 0);
    // Four processes at once, two workers each: the split differs from the unsplit run's in every way.
    std::string shards = "(";
    for (int i = 0; i < 4; ++i) {
      shards += fmt::format("{}{} run {} {} --workers 2 --shard {}/4 --quiet --out {}/s{} >/dev/null & ", kEnv, kBin, sc,
                            s.args, i, dir, i);
    }
    Sh(shards + "wait)");
    const int merged = Sh(fmt::format("{}SOURCE_DATE_EPOCH=1800000000 {} merge {d}/s2 {d}/s0 {d}/s3 {d}/s1 --out {d}/merged "
                                      ">{d}/merge.log 2>&1", kEnv, kBin, fmt::arg("d", dir)));
    EXPECT_EQ(merged, whole) << Slurp(dir + "/merge.log");
    ExpectSameReports(dir + "/whole", dir + "/merged");
    // The first failure is across the shards, with its shrunk counterexample; a proof stays a proof.
    const nlohmann::json r = nlohmann::json::parse(Slurp(dir + "/merged/report.json"));
    EXPECT_EQ(r["exploration"]["shard"], "0/1");
    if (std::string(s.args).find("dfs") != std::string::npos) {
      EXPECT_TRUE(r["exploration"]["dfs"]["exhausted"].get<bool>());
    }
    if (std::string(s.scenario).find("s1-new") != std::string::npos) {
      EXPECT_FALSE(r["shrunk"].is_null());
    }
  }
  fs::remove_all(t);
}

// Starts `command` under /bin/sh; its pid.
pid_t Spawn(const std::string& command) {
  pid_t pid = 0;
  const std::string line = "exec " + command;
  const char* argv[] = {"/bin/sh", "-c", line.c_str(), nullptr};
  EXPECT_EQ(posix_spawn(&pid, "/bin/sh", nullptr, nullptr, const_cast<char* const*>(argv), environ), 0);
  return pid;
}

TEST(Distributed, AShardKilledPartWayAndResumedGivesTheSameMergedResult) {
  const std::string t = TempDir("resume");
  const std::string sc = kSource + "/scenarios/nested-lock/s1-new.yaml";
  auto shard = [&](int i, const std::string& out, const std::string& extra) {
    return fmt::format("{}{} run {} --schedules {} --workers 2 --shard {}/4 --quiet --out {} {}", kEnv, kBin, sc,
                       kSanitized ? 6000 : 40000, i, out, extra);
  };
  for (int i = 0; i < 4; ++i) Sh(shard(i, fmt::format("{}/a{}", t, i), ">/dev/null"));
  ASSERT_EQ(Sh(fmt::format("{}{} merge {t}/a0 {t}/a1 {t}/a2 {t}/a3 --out {t}/a >/dev/null", kEnv, kBin, fmt::arg("t", t))), 0);
  // Shard 2 again, killed (SIGKILL: no handler runs) once its first checkpoint is on disk.
  for (int i : {0, 1, 3}) fs::copy(fmt::format("{}/a{}", t, i), fmt::format("{}/b{}", t, i), fs::copy_options::recursive);
  const pid_t pid = Spawn(shard(2, t + "/b2", "--checkpoint-interval 0.05 >/dev/null 2>&1"));
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(60);
  while (!fs::exists(t + "/b2/shard.json") && std::chrono::steady_clock::now() < deadline) {
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
  }
  ::kill(pid, SIGKILL);
  int status = 0;
  ::waitpid(pid, &status, 0);
  ASSERT_TRUE(fs::exists(t + "/b2/shard.json")) << "no checkpoint within 60 s";
  const nlohmann::json checkpoint = nlohmann::json::parse(Slurp(t + "/b2/shard.json"));
  if (WIFSIGNALED(status)) {  // killed part-way (not after it had ended): the checkpoint is partial
    EXPECT_FALSE(checkpoint["finished"].get<bool>());
    EXPECT_FALSE(fs::exists(t + "/b2/shard-run.json"));
    // Merging before the resume names the shard that is not done.
    EXPECT_EQ(Sh(fmt::format("{}{} merge {t}/b0 {t}/b1 {t}/b2 {t}/b3 --out {t}/early >/dev/null 2>&1", kEnv, kBin,
                             fmt::arg("t", t))), 2);
  }
  ASSERT_EQ(Sh(shard(2, t + "/b2", "--resume " + t + "/b2 >/dev/null 2>&1")), 0);
  EXPECT_EQ(Slurp(t + "/a2/shard.json"), Slurp(t + "/b2/shard.json"));
  ASSERT_EQ(Sh(fmt::format("{}{} merge {t}/b0 {t}/b1 {t}/b2 {t}/b3 --out {t}/b >/dev/null", kEnv, kBin, fmt::arg("t", t))), 0);
  ExpectSameReports(t + "/a", t + "/b");
  // Resuming with other settings than the checkpoint's is refused.
  EXPECT_EQ(Sh(fmt::format("{}{} run {} --schedules {} --seed 9 --shard 2/4 --quiet --resume {}/b2 >/dev/null 2>&1",
                           kEnv, kBin, sc, kSanitized ? 6000 : 40000, t)), 2);
  fs::remove_all(t);
}

TEST(Distributed, ShardsThatDoNotBelongTogetherAreRefusedAndNothingIsWritten) {
  const std::string t = TempDir("refuse");
  const std::string sc = kSource + "/scenarios/nested-lock/s1-new.yaml";
  const std::string other = kSource + "/scenarios/nested-lock/s2-new.yaml";
  auto run = [&](const std::string& scenario, int i, const std::string& out, const std::string& extra = "--schedules 40") {
    Sh(fmt::format("{}{} run {} --workers 1 --shard {}/2 --quiet --no-shrink {} --out {} >/dev/null", kEnv, kBin,
                   scenario, i, extra, out));
  };
  run(sc, 0, t + "/s0");
  run(sc, 1, t + "/s1");
  run(sc, 1, t + "/seed", "--schedules 40 --seed 7");
  run(other, 1, t + "/other");
  run(sc, 1, t + "/schedules", "--schedules 41");
  fs::copy(t + "/s1", t + "/build", fs::copy_options::recursive);
  for (const char* f : {"/build/shard-run.json", "/build/shard.json"}) {
    std::string text = Slurp(t + f);
    text = std::regex_replace(text, std::regex("\"build\": \"[^\"]*\""), "\"build\": \"lockstep 0.0.0 another\"");
    std::ofstream(t + f, std::ios::binary) << text;
  }
  fs::copy(t + "/s1", t + "/unfinished", fs::copy_options::recursive);
  {
    std::string text = Slurp(t + "/unfinished/shard.json");
    text = std::regex_replace(text, std::regex("\"finished\": true"), "\"finished\": false");
    std::ofstream(t + "/unfinished/shard.json", std::ios::binary) << text;
  }
  fs::create_directories(t + "/empty");
  const std::map<std::string, std::string> cases = {
      {"s0", "shard 1/2 missing"},
      {"s0 s1 s0", "are both shard 0/2"},
      {"s0 seed", "the base seed differs"},
      {"s0 other", "the list of scenarios differs"},
      {"s0 schedules", "the schedules requested differs"},
      {"s0 build", "different builds"},
      {"s0 unfinished", "did not finish"},
      {"s0 empty", "shard-run.json: cannot read it"},
  };
  for (const auto& [dirs, message] : cases) {
    SCOPED_TRACE(dirs);
    std::string args;
    std::istringstream in(dirs);
    for (std::string d; in >> d;) args += " " + t + "/" + d;
    EXPECT_EQ(Sh(fmt::format("{}{} merge{} --out {}/out >{}/err 2>&1", kEnv, kBin, args, t, t)), 2);
    EXPECT_NE(Slurp(t + "/err").find(message), std::string::npos) << Slurp(t + "/err");
    EXPECT_FALSE(fs::exists(t + "/out")) << "a refused merge wrote " << t << "/out";
  }
  EXPECT_EQ(Sh(fmt::format("{}{} merge {t}/s0 {t}/s1 --out {t}/s1 >/dev/null 2>&1", kEnv, kBin, fmt::arg("t", t))), 2);
  EXPECT_EQ(Sh(fmt::format("{}{} merge {t}/s0 {t}/s1 --out {t}/out >/dev/null", kEnv, kBin, fmt::arg("t", t))), 0);
  fs::remove_all(t);
}

TEST(Distributed, ShardIdentityFromTheEnginesPeopleRun) {
  const std::string t = TempDir("identity");
  const std::string sc = kSource + "/scenarios/nested-lock/s1-new.yaml";
  auto shard_of = [&](const std::string& env, const std::string& flags) -> std::string {
    fs::remove_all(t + "/r");
    const int rc = Sh(fmt::format("{}{} {} run {} --schedules 30 --no-shrink --quiet {} --out {}/r >/dev/null 2>&1", kEnv,
                                  env, kBin, sc, flags, t));
    if (rc != 0) return fmt::format("exit {}", rc);
    return nlohmann::json::parse(Slurp(t + "/r/report.json"))["exploration"]["shard"].get<std::string>();
  };
  EXPECT_EQ(shard_of("", "--shard 1/3"), "1/3");
  EXPECT_EQ(shard_of("GTEST_SHARD_INDEX=2 GTEST_TOTAL_SHARDS=3", ""), "2/3");
  EXPECT_EQ(shard_of("JOB_COMPLETION_INDEX=2 LOCKSTEP_TOTAL_SHARDS=5", ""), "2/5");
  EXPECT_EQ(shard_of("JOB_COMPLETION_INDEX=4", "--total-shards 5"), "4/5");
  EXPECT_EQ(shard_of("JOB_COMPLETION_INDEX=1 GTEST_SHARD_INDEX=0 GTEST_TOTAL_SHARDS=2", "--shard 1/4"), "1/4");
  EXPECT_EQ(shard_of("JOB_COMPLETION_INDEX=2", ""), "exit 2");           // the count is not known
  EXPECT_EQ(shard_of("JOB_COMPLETION_INDEX=5 LOCKSTEP_TOTAL_SHARDS=5", ""), "exit 2");
  EXPECT_EQ(shard_of("JOB_COMPLETION_INDEX=x LOCKSTEP_TOTAL_SHARDS=5", ""), "exit 2");
  EXPECT_EQ(shard_of("", "--total-shards 5"), "exit 2");                 // without JOB_COMPLETION_INDEX
  EXPECT_EQ(shard_of("", "--shard 1/2x"), "exit 2");
  fs::remove_all(t);
}

TEST(Distributed, AChecklistSplitInShardsMergesIntoTheSameChecklist) {
  const std::string t = TempDir("checklist");
  fs::create_directories(t + "/items");
  for (const char* f : {"race-before-lock/folder-step-new.yaml", "race-before-lock/folder-step-check-then-lock.yaml",
                        "proofs/proof-folder-step-old.yaml"}) {
    fs::copy(kSource + "/scenarios/" + f, t + "/items/" + fs::path(f).filename().string());
  }
  // Their own schedules: a DFS budget that cuts the tree short is split differently by shards.
  const std::string common = fmt::format("{}{} checklist {}/items --quiet", kEnv, kBin, t);
  const int whole = Sh(fmt::format("{} --workers 1 --reports {}/whole >/dev/null", common, t));
  for (int i = 0; i < 2; ++i) Sh(fmt::format("{} --workers 1 --shard {}/2 --reports {}/s{} >/dev/null", common, i, t, i));
  EXPECT_EQ(Sh(fmt::format("{}{} merge {t}/s1/latest {t}/s0/latest --out {t}/merged >/dev/null", kEnv, kBin,
                           fmt::arg("t", t))), whole);
  EXPECT_EQ(Slurp(t + "/whole/latest/checklist.md"), Slurp(t + "/merged/checklist.md"));
  for (const char* name : {"folder-step-new", "folder-step-check-then-lock", "proof-folder-step-old"}) {
    ExpectSameReports(t + "/whole/latest/" + name, t + "/merged/" + name);
  }
  EXPECT_EQ(Slurp(t + "/whole/latest/junit.xml"), Slurp(t + "/merged/junit.xml"));
  fs::remove_all(t);
}

// --- The example files of docs/distributed/, run as written -------------------------------------

// A workspace as a fresh runner or container has it: the repository's files, the built binary.
std::string Workspace(const std::string& root, const std::string& name) {
  const std::string ws = root + "/" + name;
  fs::create_directories(ws + "/build/release");
  for (const char* entry : {"scenarios", "docs", "scripts", "Makefile"}) {
    fs::create_symlink(kSource + "/" + entry, ws + "/" + entry);
  }
  fs::copy_file(kBin, ws + "/build/release/lockstep");
  return ws;
}

std::string Quote(const std::string& s) {
  std::string out = "'";
  for (char c : s) out += c == '\'' ? std::string("'\\''") : std::string(1, c);
  return out + "'";
}

// Copies a file or a folder's contents (actions/upload-artifact keeps a folder's contents).
void CopyInto(const fs::path& from, const fs::path& to) {
  fs::create_directories(to);
  if (fs::is_directory(from)) {
    fs::copy(from, to, fs::copy_options::recursive | fs::copy_options::overwrite_existing);
  } else {
    fs::copy_file(from, to / from.filename(), fs::copy_options::overwrite_existing);
  }
}

bool GlobMatch(const std::string& pattern, const std::string& name) {
  std::string re;
  for (char c : pattern) re += c == '*' ? std::string(".*") : c == '?' ? std::string(".") : std::regex_replace(std::string(1, c), std::regex(R"([.^$|()\[\]{}+\\])"), R"(\$&)");
  return std::regex_match(name, std::regex(re));
}

TEST(DistributedFiles, TheGithubActionsWorkflowRunsRealLockstepCommands) {
  if (kSanitized) GTEST_SKIP() << "the example files' commands run in the release suite (here each takes a minute)";
  const YAML::Node wf = YAML::LoadFile(kSource + "/docs/distributed/github-actions.yml");
  const YAML::Node jobs = wf["jobs"];
  ASSERT_TRUE(jobs["build"] && jobs["shard"] && jobs["merge"]);
  EXPECT_EQ(jobs["shard"]["needs"].as<std::string>(), "build");
  EXPECT_EQ(jobs["merge"]["needs"].as<std::string>(), "shard");
  const int shards = wf["env"]["SHARDS"].as<int>();
  const YAML::Node matrix = jobs["shard"]["strategy"]["matrix"]["shard"];
  ASSERT_EQ(static_cast<int>(matrix.size()), shards);
  for (int i = 0; i < shards; ++i) EXPECT_EQ(matrix[static_cast<size_t>(i)].as<int>(), i);
  const std::string t = TempDir("github");
  std::map<std::string, std::string> artifacts;  // name -> stored folder
  std::string merge_command;
  // The jobs in their order of needs; a matrix job once per value.
  for (const char* job : {"build", "shard", "merge"}) {
    const YAML::Node j = jobs[job];
    const int runs = j["strategy"] ? static_cast<int>(j["strategy"]["matrix"]["shard"].size()) : 1;
    for (int m = 0; m < runs; ++m) {
      SCOPED_TRACE(fmt::format("job {} #{}", job, m));
      const std::string ws = Workspace(t, fmt::format("{}-{}", job, m));
      const std::string github_path = ws + "/.github_path";
      std::ofstream(github_path).close();
      for (const YAML::Node& step : j["steps"]) {
        auto subst = [&](std::string s) {
          s = std::regex_replace(s, std::regex(R"(\$\{\{\s*matrix\.shard\s*\}\})"), std::to_string(m));
          return s;
        };
        if (step["uses"]) {
          const std::string uses = step["uses"].as<std::string>();
          const YAML::Node with = step["with"];
          if (uses.rfind("actions/upload-artifact@", 0) == 0) {
            const std::string name = subst(with["name"].as<std::string>());
            const std::string store = t + "/artifacts/" + name;
            CopyInto(ws + "/" + subst(with["path"].as<std::string>()), store);
            artifacts[name] = store;
          } else if (uses.rfind("actions/download-artifact@", 0) == 0) {
            const std::string path = ws + "/" + with["path"].as<std::string>();
            if (with["name"]) {
              const std::string name = with["name"].as<std::string>();
              ASSERT_EQ(artifacts.count(name), 1u) << "no artifact " << name;
              CopyInto(artifacts[name], path);
            } else {  // a pattern: each artifact into its own folder, named after it
              for (const auto& [name, store] : artifacts) {
                if (GlobMatch(with["pattern"].as<std::string>(), name)) CopyInto(store, path + "/" + name);
              }
            }
          }
          continue;
        }
        const std::string script = subst(step["run"].as<std::string>());
        // Installing packages and building are this test's own business: lockstep is built.
        if (script.find("install-deps") != std::string::npos || script.rfind("make ", 0) == 0) continue;
        std::string path_dirs;
        std::ifstream gp(github_path);
        for (std::string dir; std::getline(gp, dir);) path_dirs += dir + ":";
        if (script.find("lockstep merge") != std::string::npos) merge_command = script;
        // The workflow's env, with fewer schedules.
        const int rc = Sh(fmt::format("cd {} && {} SHARDS={} SCHEDULES=300 GITHUB_PATH={} PATH={}\"$PATH\" bash -e -c {} "
                                      ">>{}/log 2>&1", ws, kEnv, shards, github_path, path_dirs, Quote(script), t));
        EXPECT_EQ(rc, 0) << script << "\n" << Slurp(t + "/log");
      }
    }
  }
  EXPECT_NE(merge_command.find("lockstep merge shards/shard-*"), std::string::npos);
  ASSERT_EQ(artifacts.count("lockstep-report"), 1u);
  const std::string report = artifacts["lockstep-report"];
  EXPECT_TRUE(fs::exists(report + "/summary.md"));
  EXPECT_TRUE(fs::exists(report + "/junit.xml"));
  const nlohmann::json s1 = nlohmann::json::parse(Slurp(report + "/s1-new/report.json"));
  EXPECT_EQ(s1["exploration"]["schedules"], 300);  // the shards' shares add up to the run
  fs::remove_all(t);
}

// A container's command and args as Kubernetes runs them: $(VAR) from its env, mount paths
// mapped into `root`.
std::string ContainerCommand(const YAML::Node& container, const std::map<std::string, std::string>& env,
                             const std::string& root) {
  std::string line;
  std::vector<std::string> words;
  for (const YAML::Node& w : container["command"]) words.push_back(w.as<std::string>());
  for (const YAML::Node& w : container["args"]) words.push_back(w.as<std::string>());
  for (std::string& w : words) {
    for (const auto& [k, v] : env) w = std::regex_replace(w, std::regex("\\$\\(" + k + "\\)"), v);
    for (const YAML::Node& m : container["volumeMounts"]) {
      const std::string mount = m["mountPath"].as<std::string>();
      w = std::regex_replace(w, std::regex(mount + "/"), root + mount + "/");
    }
    line += (line.empty() ? "" : " ") + Quote(w);
  }
  return line;
}

TEST(DistributedFiles, TheKubernetesIndexedJobAndItsMergeRunRealLockstepCommands) {
  if (kSanitized) GTEST_SKIP() << "the example files' commands run in the release suite (here each takes a minute)";
  const std::vector<YAML::Node> docs = YAML::LoadAllFromFile(kSource + "/docs/distributed/kubernetes-indexed-job.yaml");
  YAML::Node job;
  for (const YAML::Node& d : docs) {
    if (d["kind"].as<std::string>() == "Job") job = d;
  }
  ASSERT_TRUE(job);
  EXPECT_EQ(job["spec"]["completionMode"].as<std::string>(), "Indexed");
  const int completions = job["spec"]["completions"].as<int>();
  const YAML::Node container = job["spec"]["template"]["spec"]["containers"][0];
  std::map<std::string, std::string> env;
  for (const YAML::Node& e : container["env"]) env[e["name"].as<std::string>()] = e["value"].as<std::string>();
  ASSERT_EQ(env["LOCKSTEP_TOTAL_SHARDS"], std::to_string(completions));
  env["SCHEDULES"] = "300";  // fewer
  const std::string t = TempDir("k8s");
  const std::string ws = Workspace(t, "pod");
  fs::create_directories(t + "/reports");
  for (int i = 0; i < completions; ++i) {
    env["JOB_COMPLETION_INDEX"] = std::to_string(i);  // Kubernetes sets it in the pod, and expands $(...)
    std::string vars;
    for (const auto& [k, v] : env) vars += fmt::format("{}={} ", k, Quote(v));
    const std::string command = ContainerCommand(container, env, t);
    EXPECT_NE(command.find("lockstep"), std::string::npos);
    const int rc = Sh(fmt::format("cd {} && {} {} PATH={}/build/release:\"$PATH\" {} >>{}/log 2>&1", ws, kEnv, vars, ws,
                                  command, t));
    EXPECT_EQ(rc, 0) << command << "\n" << Slurp(t + "/log");
  }
  const YAML::Node merge = YAML::LoadFile(kSource + "/docs/distributed/kubernetes-merge-job.yaml");
  const std::string command = ContainerCommand(merge["spec"]["template"]["spec"]["containers"][0], {}, t);
  EXPECT_NE(command.find("lockstep merge"), std::string::npos);
  EXPECT_EQ(Sh(fmt::format("cd {} && {} PATH={}/build/release:\"$PATH\" {} >>{}/log 2>&1", ws, kEnv, ws, command, t)), 0)
      << Slurp(t + "/log");
  EXPECT_TRUE(fs::exists(t + "/reports/merged/summary.md"));
  fs::remove_all(t);
}

TEST(DistributedFiles, TheLocalExampleRunsShardsWithXargsAndMerges) {
  if (kSanitized) GTEST_SKIP() << "the example files' commands run in the release suite (here each takes a minute)";
  const std::string t = TempDir("local");
  const int rc = Sh(fmt::format("cd {} && {} LOCKSTEP={} SHARDS=3 SCHEDULES=300 OUT={}/out {}/docs/distributed/local-parallel.sh "
                                "scenarios/nested-lock/s1-new.yaml scenarios/proofs/proof-folder-step-new.yaml >{}/log 2>&1",
                                kSource, kEnv, kBin, t, kSource, t));
  EXPECT_EQ(rc, 0) << Slurp(t + "/log");
  EXPECT_TRUE(fs::exists(t + "/out/merged/s1-new/report.json"));
  EXPECT_TRUE(fs::exists(t + "/out/merged/proof-folder-step-new/report.json"));
  fs::remove_all(t);
}

}  // namespace
}  // namespace lockstep
