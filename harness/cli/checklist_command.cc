// `lockstep checklist [DIR]`: the pre-deployment checklist. Runs every scenario in DIR tagged
// `checklist`, prints one line per item, writes reports/<timestamp>/ and then replaces
// reports/latest/ with a copy of it, and exits 1 if any item failed.
#include <algorithm>
#include <filesystem>

#include <fmt/format.h>

#include "harness/cli/commands.h"
#include "harness/cli/interrupt.h"
#include "harness/report/report.h"

namespace lockstep::harness {
namespace {

// The first sentence of a description, for the checklist line.
std::string FirstSentence(const std::string& text) {
  const size_t end = text.find(". ");
  std::string s = end == std::string::npos ? text : text.substr(0, end + 1);
  return s.size() > 110 ? s.substr(0, 107) + "..." : s;
}

// Copies `from` to `to` through a temporary folder, so `to` is never half written.
Status ReplaceTree(const std::string& from, const std::string& to) {
  namespace fs = std::filesystem;
  std::error_code ec;
  const std::string tmp = to + ".tmp";
  fs::remove_all(tmp, ec);
  fs::copy(from, tmp, fs::copy_options::recursive, ec);
  if (ec) return Status(StatusCode::kUnavailable, 0, "io", "cannot copy to " + tmp + ": " + ec.message());
  fs::remove_all(to, ec);
  fs::rename(tmp, to, ec);
  if (ec) return Status(StatusCode::kUnavailable, 0, "io", "cannot rename to " + to + ": " + ec.message());
  return Status();
}

}  // namespace

std::string ChecklistMarkdown(const std::vector<const Scenario*>& items, const ExploredRun& run,
                              const std::vector<std::string>& skipped, const std::string& stamp,
                              const std::string& dir, bool interrupted, int& failed) {
  std::string list = fmt::format("# Pre-deployment checklist\n\nGenerated {} from `{}`.\n\n", stamp, dir);
  int passed = 0;
  for (size_t i = 0; i < items.size(); ++i) {
    if (i >= run.reports.size()) {  // interrupted before this item started
      list += fmt::format("- [ ] NOT RUN (interrupted) {}: {}\n", items[i]->name, FirstSentence(items[i]->description));
      continue;
    }
    const auto& r = *run.reports[i];
    const bool ok = r["expect"]["ok"].get<bool>();
    passed += ok ? 1 : 0;
    std::string line = fmt::format("- [{}] {}: {}", ok ? "x" : " ", items[i]->name, FirstSentence(items[i]->description));
    if (!ok) {
      for (const auto& c : r["expect"]["checks"]) {
        if (!c["ok"].get<bool>()) {
          line += fmt::format(" FAILED {}: expected {}, observed {}.", c["what"].get<std::string>(),
                              c["expected"].get<std::string>(), c["observed"].get<std::string>());
        }
      }
    }
    if (r["exploration"]["interrupted"].get<bool>()) line += " (interrupted: not every schedule ran)";
    list += line + "\n";
  }
  for (const std::string& s : skipped) list += fmt::format("- [ ] SKIPPED {}\n", s);
  failed = static_cast<int>(run.reports.size()) - passed;
  list += skipped.empty() ? fmt::format("\n{} passed, {} failed", passed, failed)
                          : fmt::format("\n{} passed, {} failed, {} skipped (they need --gas-project)", passed,
                                        failed, skipped.size());
  if (interrupted) list += fmt::format("; interrupted: {} not run", items.size() - run.reports.size());
  return list + "\n";
}

int Checklist(const ChecklistArgs& args) {
  ExploreOptions opts;
  if (!BuildOptions(args.run, opts)) return kExitBadInput;
  std::vector<std::unique_ptr<Scenario>> all;
  std::vector<std::string> skipped;
  if (!LoadAll({args.dir}, all, args.run, &skipped)) return kExitBadInput;  // the folder, walked there
  std::vector<std::unique_ptr<Scenario>> items;
  for (auto& s : all) {
    if (std::find(s->tags.begin(), s->tags.end(), "checklist") != s->tags.end()) items.push_back(std::move(s));
  }
  // The table lists the items by name, whichever folder holds them.
  std::stable_sort(items.begin(), items.end(), [](const auto& a, const auto& b) { return a->name < b->name; });
  if (items.empty()) {
    fmt::print(stderr, "lockstep: {}: no scenario is tagged checklist\n", args.dir);
    return kExitBadInput;
  }
  RunOutput output;
  output.stamp = UtcTimestampNow();
  std::string folder = output.stamp;
  std::replace(folder.begin(), folder.end(), ':', '-');
  // Resumed: the former run's folder is finished in place.
  output.out = args.run.resume.empty() ? args.reports_root + "/" + folder : args.run.resume;
  output.subdirs = true;
  output.title = "lockstep pre-deployment checklist";
  output.resume = args.run.resume;
  output.checkpoint_interval_s = args.run.checkpoint_interval_s;
  output.command = "checklist";
  output.checklist_dir = args.dir;
  output.skipped = skipped;
  opts.stop = InstallInterruptHandlers();
  ExploredRun run = RunScenarios(items, opts, output);
  if (run.exit_code == kExitIo || run.exit_code == kExitBadInput) return run.exit_code;
  std::vector<const Scenario*> view;
  for (const auto& s : items) view.push_back(s.get());
  int failed = 0;
  const std::string list =
      ChecklistMarkdown(view, run, skipped, output.stamp, args.dir, InterruptSignal() != 0, failed);
  const std::string& dir = output.out;
  Status w = WriteFileAtomically(dir + "/checklist.md", list);
  if (w.ok() && std::filesystem::absolute(dir).lexically_normal() !=
                    std::filesystem::absolute(args.reports_root + "/latest").lexically_normal()) {
    w = ReplaceTree(dir, args.reports_root + "/latest");
  }
  if (!w.ok()) {
    fmt::print(stderr, "lockstep: {}\n", w.message());
    return kExitIo;
  }
  fmt::print("\n{}\n{}", run.table, list.substr(list.find("- [")));
  fmt::print("reports written under {} and {}/latest (open index.html)\n", dir, args.reports_root);
  if (InterruptSignal() != 0) return InterruptExitCode();
  return failed == 0 ? 0 : kExitExpectFailed;
}

}  // namespace lockstep::harness
