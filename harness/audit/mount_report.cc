// The mount audit's reports: audit.json (the source of truth; the others are rendered from it),
// Markdown, HTML with the two histograms, JUnit (one test case per check) and Prometheus text.
#include <algorithm>

#include <fmt/format.h>

#include "harness/audit/mount_audit.h"
#include "harness/audit/audit_checks.h"
#include "harness/report/svg_charts.h"

namespace lockstep::harness {
namespace {

using OJson = nlohmann::ordered_json;

constexpr const char* kWhyNotTheMount =
    "Apply it through the Drive API (files.list by parent for the ids, files.update with addParents/"
    "removeParents to move, trashed=true to trash), with the job's triggers paused. Not on the mount: "
    "Drive for Desktop uploads a change made on the mount later, from its own cache, as new operations the "
    "job can neither see nor lock against, so a move or a trash can land while a run lists the folder (that "
    "run then creates one more folder or CSV), and a conflict between the upload and the job's own writes is "
    "settled by one more \" (n)\" sibling. The mount also tells same-name siblings apart only by the \" (n)\" "
    "it added, not by their ids, so a step taken on the mount can touch the wrong one.";

double Share(int64_t part, int64_t whole) { return whole > 0 ? static_cast<double>(part) / whole : 0.0; }

std::string Seconds(int64_t ms) { return fmt::format("{:.3f}", ms / 1000.0); }

OJson FolderJson(const MountFolder& f) {
  return OJson{{"name", f.name}, {"path", f.path}, {"class", FolderClassName(f.cls)}, {"modified", f.modified},
               {"items", f.items}, {"title_suffixed", f.title_suffixed}};
}

// "1 data source", "2 data sources".
std::string DataSources(int64_t n) { return fmt::format("{} data source{}", n, n == 1 ? "" : "s"); }

std::vector<std::string> PlanFor(const MountDataSource& d) {
  std::vector<std::string> plan;
  if (d.ExtraFolders() > 0) {
    plan.push_back(fmt::format("{}: keep \"{}\" as the folder", d.uuid, d.folders.front().name));
    for (size_t i = 1; i < d.folders.size(); ++i) {
      const MountFolder& f = d.folders[i];
      if (f.items == 0) {
        plan.push_back(fmt::format("{}: trash \"{}\" ({}, empty)", d.uuid, f.name, FolderClassName(f.cls)));
        continue;
      }
      plan.push_back(fmt::format("{}: move the {} item(s) of \"{}\" ({}) into it, merging .archive and resolving "
                                 "CSV names first, then trash \"{}\"",
                                 d.uuid, f.items, f.name, FolderClassName(f.cls), f.name));
    }
  }
  if (d.csv.Copies() > 0) {
    plan.push_back(fmt::format("{}: of the main CSV and its {} copies keep the newest (\"{}\", modified {}) under "
                               "the main CSV's name; move the others into .archive/ or trash them",
                               d.uuid, d.csv.Copies(), d.csv.newest_name, d.csv.newest));
  }
  return plan;
}

}  // namespace

OJson MountAuditJson(const MountAudit& a, const std::string& generated_at) {
  int canonical = 0, copies = 0, renamed = 0, suffixed = 0, with_extra = 0, main_csvs = 0, without_main = 0;
  int drive_copies = 0, macos_copies = 0, with_csv_copies = 0, largest_stack = 0, other_files = 0;
  int archives = 0, with_backups = 0, within_2_min = 0, copies_without_uuid = 0;
  int64_t hist[4] = {0, 0, 0, 0};
  OJson findings = OJson::array();
  OJson suffixed_names = OJson::array();
  OJson plan = OJson::array();
  for (const MountDataSource& d : a.data_sources) {
    for (const MountFolder& f : d.folders) {
      canonical += f.cls == FolderClass::kCanonical ? 1 : 0;
      copies += f.cls == FolderClass::kCopy ? 1 : 0;
      renamed += f.cls == FolderClass::kRenamed ? 1 : 0;
      if (f.title_suffixed) {
        ++suffixed;
        suffixed_names.push_back(f.name);
      }
    }
    ++hist[std::min(d.ExtraFolders(), 3)];
    with_extra += d.ExtraFolders() > 0 ? 1 : 0;
    main_csvs += d.csv.main.empty() ? 0 : 1;
    without_main += d.csv.main.empty() ? 1 : 0;
    drive_copies += static_cast<int>(d.csv.drive_copies.size());
    macos_copies += static_cast<int>(d.csv.macos_copies.size());
    with_csv_copies += d.csv.Copies() > 0 ? 1 : 0;
    largest_stack = std::max(largest_stack, d.csv.Copies());
    other_files += static_cast<int>(d.other_files.size());
    archives += d.archive_folders;
    with_backups += d.backups_ms.empty() ? 0 : 1;
    int64_t min_gap = -1, under_2_min = 0;
    for (size_t i = 1; i < d.backups_ms.size(); ++i) {
      const int64_t gap = d.backups_ms[i] - d.backups_ms[i - 1];
      min_gap = min_gap < 0 ? gap : std::min(min_gap, gap);
      under_2_min += gap < 120'000 ? 1 : 0;
    }
    within_2_min += under_2_min > 0 ? 1 : 0;
    if (d.ExtraFolders() == 0 && d.csv.Copies() == 0 && under_2_min == 0) continue;
    OJson folders = OJson::array();
    for (const MountFolder& f : d.folders) folders.push_back(FolderJson(f));
    findings.push_back(OJson{
        {"uuid", d.uuid}, {"title", d.title}, {"extra_folders", d.ExtraFolders()}, {"folders", folders},
        {"csv", OJson{{"main", d.csv.main}, {"drive_copies", d.csv.drive_copies},
                      {"macos_copies", d.csv.macos_copies}, {"oldest", d.csv.oldest}, {"newest", d.csv.newest}}},
        {"versioned_backups", d.backups_ms.size()},
        {"intervals_under_2_min", under_2_min},
        {"min_interval_seconds", min_gap < 0 ? OJson(nullptr) : OJson(min_gap / 1000.0)}});
    for (std::string& step : PlanFor(d)) plan.push_back(std::move(step));
  }
  OJson without_uuid = OJson::array();
  for (const MountFolder& f : a.without_uuid) {
    const bool copy = !ParseFolderName(f.name).copy_suffixes.empty();
    copies_without_uuid += copy ? 1 : 0;
    without_uuid.push_back(OJson{{"name", f.name}, {"path", f.path}, {"items", f.items}, {"copy_suffix", copy}});
    if (copy) {
      const std::string base = ParseFolderName(f.name).base;
      const bool original = std::any_of(a.without_uuid.begin(), a.without_uuid.end(),
                                        [&base](const MountFolder& o) { return o.name == base; });
      plan.push_back(original ? fmt::format("\"{}\" is a copy of \"{}\", a folder of no data source: merge it by "
                                            "hand", f.name, base)
                              : fmt::format("\"{}\" is a same-name copy of a folder of no data source (no \"{}\" "
                                            "beside it): rename it by hand", f.name, base));
    }
  }
  OJson bins = OJson::object();
  for (size_t i = 0; i < 5; ++i) bins[kIntervalBins[i]] = a.intervals_histogram[i];
  const int n = static_cast<int>(a.data_sources.size());
  const int64_t under_2 = a.intervals_histogram[0] + a.intervals_histogram[1];
  OJson words = OJson::array();
  words.push_back(fmt::format("{} in {} folder entries: {} extra folders over {} ({:.1f}%), {} same-name CSV "
                              "copies over {}.",
                              DataSources(n), a.folder_entries, a.ExtraFolderEntries(), DataSources(with_extra),
                              100 * Share(with_extra, n), drive_copies + macos_copies, DataSources(with_csv_copies)));
  if (a.intervals > 0) {
    words.push_back(fmt::format(
        "Under a working run guard and rotation ({} data sources a run, a trigger every {} minutes, {} data "
        "sources) a data source comes round about every {:.1f} hours. Of {} intervals between two processings "
        "of one data source, {} ({:.1f}%) were under 2 minutes and {} under 10 s (the shortest {} s); {} of the "
        "{} with backups {} processed twice within 2 minutes.{}",
        a.options.data_sources_per_run, a.options.trigger_minutes, n, a.expected_revisit_hours, a.intervals,
        under_2, 100 * Share(under_2, a.intervals), a.intervals_histogram[0], Seconds(a.min_interval_ms),
        within_2_min, DataSources(with_backups), within_2_min == 1 ? "was" : "were",
        under_2 > 0 ? " Intervals of seconds or minutes mean overlapping or repeated runs, not the rotation."
                    : " No interval is that short: the backups show no overlapping or repeated runs."));
  } else {
    words.push_back("No data source has two versioned backups: the backups say nothing about the runs.");
  }
  if (largest_stack >= 10) {
    words.push_back(fmt::format("The largest CSV stack holds {} copies: a stack that tall is one new CSV per run "
                                "(a main CSV the job no longer finds by name), not only races.", largest_stack));
  }
  if (a.interrupted) {
    words.insert(words.begin(), fmt::format("**INTERRUPTED**: the walk was stopped by a signal after {} entries; "
                                            "every figure covers that part of the tree only.", a.entries));
  }
  return OJson{
      {"format", "lockstep-mount-audit/1"},
      {"generated_at", generated_at},
      {"source", a.source},
      {"interrupted", a.interrupted},
      {"entries", a.entries},
      {"databases_folders", a.databases_parents},
      {"options", OJson{{"data_sources_per_run", a.options.data_sources_per_run},
                        {"trigger_minutes", a.options.trigger_minutes}}},
      {"summary",
       OJson{{"data_sources", n},
             {"folder_entries", a.folder_entries},
             {"canonical_folders", canonical},
             {"extra_folder_entries", a.ExtraFolderEntries()},
             {"data_sources_with_extra_folders", with_extra},
             {"extra_folders_histogram", OJson{{"0", hist[0]}, {"1", hist[1]}, {"2", hist[2]}, {"3+", hist[3]}}},
             {"copy_folders", copies},
             {"renamed_title_folders", renamed},
             {"title_suffixed_folders", suffixed},
             {"entries_without_uuid", a.without_uuid.size()},
             {"copies_without_uuid", copies_without_uuid},
             {"main_csvs", main_csvs},
             {"data_sources_without_main_csv", without_main},
             {"csv_copies", drive_copies + macos_copies},
             {"drive_csv_copies", drive_copies},
             {"macos_csv_copies", macos_copies},
             {"data_sources_with_csv_copies", with_csv_copies},
             {"largest_csv_stack", largest_stack},
             {"other_files", other_files},
             {"archive_folders", archives},
             {"versioned_backups", a.backups},
             {"other_archive_files", a.other_archive_files},
             {"data_sources_with_backups", with_backups},
             {"reprocessing_intervals", a.intervals},
             {"reprocessing_intervals_histogram", bins},
             {"intervals_under_2_min", under_2},
             {"min_interval_seconds", a.min_interval_ms < 0 ? OJson(nullptr) : OJson(a.min_interval_ms / 1000.0)},
             {"data_sources_reprocessed_within_2_min", within_2_min},
             {"expected_revisit_hours", a.expected_revisit_hours},
             {"clean", a.clean()}}},
      {"interpretation", words},
      {"data_sources_with_findings", findings},
      {"title_suffixed", suffixed_names},
      {"without_uuid", without_uuid},
      {"plan", OJson{{"is", "a plan to apply through the Drive API, not on the mount"},
                     {"why", kWhyNotTheMount},
                     {"steps", plan}}}};
}

std::string MountAuditMarkdown(const OJson& a) {
  const OJson& s = a["summary"];
  std::string md = fmt::format("# Mount audit: {}\n\nGenerated {} from `{}`.\n\n",
                               s["clean"].get<bool>() ? "clean" : "findings", a["generated_at"].get<std::string>(),
                               a["source"].get<std::string>());
  for (const OJson& w : a["interpretation"]) md += w.get<std::string>() + "\n\n";
  const OJson& h = s["extra_folders_histogram"];
  md += fmt::format(
      "| figure | value |\n|---|---|\n| data sources (distinct uuids) | {} |\n| folder entries | {} |\n"
      "| extra folder entries | {} |\n| data sources with extra folders | {} |\n"
      "| extra folders per data source: 0 / 1 / 2 / 3+ | {} / {} / {} / {} |\n"
      "| renamed-title folders | {} |\n| title-suffixed folders (own data sources) | {} |\n"
      "| entries without uuid | {} ({} of them copies) |\n| main CSVs | {} ({} without) |\n"
      "| CSV copies: Drive ` (n).csv` / macOS ` n.csv` | {} / {} |\n| data sources with CSV copies | {} |\n"
      "| largest CSV stack | {} |\n| versioned backups | {} over {} |\n",
      s["data_sources"].get<int>(), s["folder_entries"].get<int>(), s["extra_folder_entries"].get<int>(),
      s["data_sources_with_extra_folders"].get<int>(), h["0"].get<int64_t>(), h["1"].get<int64_t>(),
      h["2"].get<int64_t>(), h["3+"].get<int64_t>(), s["renamed_title_folders"].get<int>(),
      s["title_suffixed_folders"].get<int>(), s["entries_without_uuid"].get<size_t>(),
      s["copies_without_uuid"].get<int>(), s["main_csvs"].get<int>(),
      DataSources(s["data_sources_without_main_csv"].get<int>()),
      s["drive_csv_copies"].get<int>(), s["macos_csv_copies"].get<int>(), s["data_sources_with_csv_copies"].get<int>(),
      s["largest_csv_stack"].get<int>(), s["versioned_backups"].get<int>(),
      DataSources(s["data_sources_with_backups"].get<int>()));
  md += "| intervals between processings: <10 s / 10 s-2 min / 2-15 min / 15 min-1 day / longer | ";
  const OJson& bins = s["reprocessing_intervals_histogram"];
  for (size_t i = 0; i < 5; ++i) md += fmt::format("{}{}", i ? " / " : "", bins[kIntervalBins[i]].get<int64_t>());
  md += fmt::format(" |\n| data sources processed twice within 2 min | {} |\n\n",
                    s["data_sources_reprocessed_within_2_min"].get<int>());
  const OJson& findings = a["data_sources_with_findings"];
  if (!findings.empty()) {
    md += "## Data sources with findings\n\n| data source | folders | CSV copies | intervals < 2 min |\n|---|---|---|---|\n";
    for (const OJson& d : findings) {
      md += fmt::format("| `{}` {} | {} | {} | {} |\n", d["title"].get<std::string>(), d["uuid"].get<std::string>(),
                        d["folders"].size(), d["csv"]["drive_copies"].size() + d["csv"]["macos_copies"].size(),
                        d["intervals_under_2_min"].get<int64_t>());
    }
    md += "\n";
  }
  const OJson& steps = a["plan"]["steps"];
  if (!steps.empty()) {
    md += "## Consolidation plan (" + a["plan"]["is"].get<std::string>() + ")\n\n" +
          a["plan"]["why"].get<std::string>() + "\n\n";
    for (const OJson& p : steps) md += "1. " + p.get<std::string>() + "\n";
  }
  return md;
}

std::string MountAuditHtml(const OJson& a) {
  const OJson& s = a["summary"];
  const OJson& h = s["extra_folders_histogram"];
  std::vector<Bar> extra;
  for (const char* k : {"0", "1", "2", "3+"}) {
    extra.push_back({std::string(k) + " extra", static_cast<double>(h[k].get<int64_t>()), 0});
  }
  std::vector<Bar> gaps;
  static constexpr const char* kLabels[] = {"under 10 s", "10 s to 2 min", "2 to 15 min", "15 min to 1 day",
                                            "1 day or more"};
  for (size_t i = 0; i < 5; ++i) {
    const double v = static_cast<double>(s["reprocessing_intervals_histogram"][kIntervalBins[i]].get<int64_t>());
    gaps.push_back({kLabels[i], v, i < 2 ? v : 0});
  }
  std::string body = "<h1>Mount audit</h1>";
  body += BarChart("Data sources by extra folders", extra, "");
  body += BarChart("Intervals between two processings of one data source", gaps, "", "overlapping runs");
  body += "<pre>" + HtmlEscape(MountAuditMarkdown(a)) + "</pre>";
  return "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>Mount audit</title><style>"
         "body{font-family:system-ui,sans-serif;margin:24px}pre{background:#f0f4f8;padding:8px;white-space:pre-wrap}"
         "</style></head><body>\n" + body + "</body></html>\n";
}

std::string MountAuditJUnit(const OJson& a) {
  const OJson& s = a["summary"];
  return AuditChecksJUnit("lockstep.mount_audit", {
      {"one folder per data source", s["extra_folder_entries"].get<int64_t>()},
      {"one CSV per data source", s["csv_copies"].get<int64_t>()},
      {"every data source has its CSV", s["data_sources_without_main_csv"].get<int64_t>()},
      {"no data source processed twice within 2 minutes", s["data_sources_reprocessed_within_2_min"].get<int64_t>()}}, a["generated_at"].get<std::string>());
}

std::string MountAuditPrometheus(const OJson& a) {
  const OJson& s = a["summary"];
  std::string out;
  auto gauge = [&out, &s](const char* field, const char* help) {
    out += fmt::format("# HELP lockstep_mount_{0} {1}\n# TYPE lockstep_mount_{0} gauge\nlockstep_mount_{0} {2}\n",
                       field, help, s[field].get<double>());
  };
  gauge("data_sources", "Distinct data-source uuids among the database folders.");
  gauge("folder_entries", "Directories in the databases folder(s).");
  gauge("extra_folder_entries", "Folders beyond the first of each data source.");
  gauge("data_sources_with_extra_folders", "Data sources with more than one folder.");
  gauge("entries_without_uuid", "Directories of the databases folder that name no data source.");
  gauge("csv_copies", "Same-name copies of a data source's main CSV.");
  gauge("data_sources_with_csv_copies", "Data sources whose main CSV has copies.");
  gauge("versioned_backups", "Versioned backups in .archive folders.");
  gauge("data_sources_reprocessed_within_2_min", "Data sources processed twice within two minutes.");
  out += "# HELP lockstep_mount_reprocessing_intervals Intervals between two processings of one data source.\n"
         "# TYPE lockstep_mount_reprocessing_intervals gauge\n";
  for (const char* bin : kIntervalBins) {
    out += fmt::format("lockstep_mount_reprocessing_intervals{{bin=\"{}\"}} {}\n", bin,
                       s["reprocessing_intervals_histogram"][bin].get<int64_t>());
  }
  return out;
}

}  // namespace lockstep::harness
