#include "harness/audit/audit.h"

#include <algorithm>
#include <set>

#include <fmt/format.h>

#include "harness/audit/audit_checks.h"
#include "harness/report/svg_charts.h"
#include "src/folder_naming.h"

namespace lockstep::harness {
namespace {

using Json = nlohmann::json;
using OJson = nlohmann::ordered_json;

Status Bad(const std::string& label, const std::string& what) {
  return Status(StatusCode::kInvalidArgument, 0, "audit", fmt::format("{}: {}", label, what));
}

// The name without a trailing "(n)" and the white space around it.
std::string WithoutCopySuffix(const std::string& name) {
  if (!HasCopySuffix(name)) return name;
  std::string s = name.substr(0, name.rfind('('));
  while (!s.empty() && s.back() == ' ') s.pop_back();
  return s;
}

StatusOr<AuditFile> ParseFile(const Json& f, size_t index, const std::string& label) {
  if (!f.is_object() || !f.contains("id") || !f.contains("name") || !f.contains("mimeType") ||
      !f["id"].is_string() || !f["name"].is_string() || !f["mimeType"].is_string()) {
    return Bad(label, fmt::format("file #{}: expected an object with string id, name and mimeType, and "
                                  "parents (export with fields=nextPageToken,files(id,name,mimeType,"
                                  "parents,trashed,modifiedTime,size))", index + 1));
  }
  AuditFile a;
  a.file.id = f["id"].get<std::string>();
  a.file.name = f["name"].get<std::string>();
  a.file.mime_type = f["mimeType"].get<std::string>();
  if (f.contains("parents") && f["parents"].is_array() && !f["parents"].empty() && f["parents"][0].is_string()) {
    a.file.parent_id = f["parents"][0].get<std::string>();
  }
  if (f.contains("trashed") && f["trashed"].is_boolean()) a.file.trashed = f["trashed"].get<bool>();
  if (f.contains("modifiedTime") && f["modifiedTime"].is_string()) a.modified = f["modifiedTime"].get<std::string>();
  if (f.contains("size") && f["size"].is_string()) a.size = std::atoll(f["size"].get<std::string>().c_str());
  if (f.contains("size") && f["size"].is_number_integer()) a.size = f["size"].get<int64_t>();
  return a;
}

struct Index {
  std::map<std::string, const AuditFile*> by_id;
  std::map<std::string, std::vector<const AuditFile*>> children;  // live and trashed, listing order
};

int LiveChildren(const Index& ix, const std::string& id) {
  auto it = ix.children.find(id);
  if (it == ix.children.end()) return 0;
  int n = 0;
  for (const AuditFile* c : it->second) n += c->file.trashed ? 0 : 1;
  return n;
}

std::vector<std::string> ConsolidationPlan(const DuplicateSet& set, const std::string& expected) {
  std::vector<std::string> plan;
  const FolderEntry& primary = set.folders.front();
  plan.push_back(fmt::format("keep \"{}\" ({}) as the primary: exact name first, then no \"(n)\", then newest",
                             primary.name, primary.id));
  for (size_t i = 1; i < set.folders.size(); ++i) {
    const FolderEntry& d = set.folders[i];
    plan.push_back(fmt::format("move the {} item(s) of \"{}\" ({}) into the primary, resolving name clashes "
                               "(CSV, .archive) first, then trash it", d.live_children, d.name, d.id));
  }
  if (!expected.empty() && primary.name != expected) {
    plan.push_back(fmt::format("rename the primary to \"{}\"", expected));
  } else if (primary.copy_suffix) {
    plan.push_back(fmt::format("rename the primary to \"{}\"", WithoutCopySuffix(primary.name)));
  }
  plan.push_back("run one deployment only while consolidating: consolidation takes no lock");
  return plan;
}

void FindClashes(const Index& ix, const AuditFile& folder, AuditResult& r) {
  auto it = ix.children.find(folder.file.id);
  if (it == ix.children.end()) return;
  const std::string base = WithoutCopySuffix(folder.file.name);
  std::vector<std::string> csvs;
  std::vector<std::string> archives;
  for (const AuditFile* c : it->second) {
    if (c->file.trashed) continue;
    if (!c->file.IsFolder() && c->file.name.size() > 4 &&
        c->file.name.compare(c->file.name.size() - 4, 4, ".csv") == 0 &&
        WithoutCopySuffix(c->file.name.substr(0, c->file.name.size() - 4)) == base) {
      csvs.push_back(c->file.name);
    }
    if (c->file.IsFolder() && WithoutCopySuffix(c->file.name) == ".archive") archives.push_back(c->file.name);
  }
  if (csvs.size() > 1) r.clashes.push_back({folder.file.id, folder.file.name, "csv", csvs});
  if (archives.size() > 1) r.clashes.push_back({folder.file.id, folder.file.name, ".archive", archives});
}

}  // namespace

std::string DataSourceIdOfFolder(const std::string& name) {
  const std::string base = WithoutCopySuffix(name);
  const size_t us = base.rfind('_');
  if (us == std::string::npos) return {};
  const std::string id = base.substr(us + 1);
  return IsDashedUuid(id) ? id : std::string();
}

StatusOr<AuditInput> ParseDriveListing(const std::string& text, const std::string& label) {
  Json j = Json::parse(text, nullptr, /*allow_exceptions=*/false);
  if (j.is_discarded()) {
    return Bad(label, "expected JSON: a files.list response, a list of them, or a list of files");
  }
  std::vector<const Json*> files;
  auto add_page = [&files](const Json& page) {
    for (const Json& f : page["files"]) files.push_back(&f);
  };
  if (j.is_object() && j.contains("files") && j["files"].is_array()) {
    add_page(j);
  } else if (j.is_array()) {
    for (const Json& item : j) {
      if (item.is_object() && item.contains("files") && item["files"].is_array()) add_page(item);
      else files.push_back(&item);
    }
  } else {
    return Bad(label, "expected {\"files\": [...]}, a list of such pages, or a list of files");
  }
  AuditInput in;
  for (size_t i = 0; i < files.size(); ++i) {
    StatusOr<AuditFile> f = ParseFile(*files[i], i, label);
    if (!f.ok()) return f.status();
    in.files.push_back(std::move(f).value());
  }
  return in;
}

Status AddNotionDataSources(const std::string& text, const std::string& label, AuditInput& input) {
  Json j = Json::parse(text, nullptr, /*allow_exceptions=*/false);
  if (j.is_discarded()) return Bad(label, "expected JSON: a Notion search response or a list of data sources");
  std::vector<const Json*> items;
  auto add = [&items](const Json& page) {
    for (const Json& r : page["results"]) items.push_back(&r);
  };
  if (j.is_object() && j.contains("results") && j["results"].is_array()) add(j);
  else if (j.is_array()) {
    for (const Json& x : j) {
      if (x.is_object() && x.contains("results")) add(x);
      else items.push_back(&x);
    }
  } else {
    return Bad(label, "expected {\"results\": [...]} or a list of data sources");
  }
  for (size_t i = 0; i < items.size(); ++i) {
    const Json& d = *items[i];
    if (!d.is_object() || !d.contains("id") || !d["id"].is_string()) {
      return Bad(label, fmt::format("data source #{}: expected an object with a string id", i + 1));
    }
    std::string title;
    if (d.contains("title") && d["title"].is_array() && !d["title"].empty() && d["title"][0].contains("plain_text")) {
      title = d["title"][0]["plain_text"].get<std::string>();
    }
    input.notion_titles[d["id"].get<std::string>()] = title;
  }
  input.has_notion = true;
  return Status();
}

AuditResult RunAudit(const AuditInput& input) {
  Index ix;
  for (const AuditFile& f : input.files) {
    ix.by_id[f.file.id] = &f;
    ix.children[f.file.parent_id].push_back(&f);
  }
  AuditResult r;
  // Database folders grouped by (parent, data source id).
  std::map<std::pair<std::string, std::string>, std::vector<const AuditFile*>> groups;
  std::set<std::string> seen_ids;
  for (const AuditFile& f : input.files) {
    if (!f.file.IsFolder() || f.file.trashed) continue;
    const std::string id = DataSourceIdOfFolder(f.file.name);
    if (id.empty()) continue;
    ++r.database_folders;
    seen_ids.insert(id);
    groups[{f.file.parent_id, id}].push_back(&f);
    FindClashes(ix, f, r);
  }
  r.data_sources_with_folders = static_cast<int>(seen_ids.size());
  for (auto& [key, folders] : groups) {
    const std::string& ds = key.second;
    std::string expected;
    if (auto t = input.notion_titles.find(ds); t != input.notion_titles.end()) {
      expected = DbFolderName(DataSource{ds, t->second});
    }
    if (input.has_notion && input.notion_titles.count(ds) == 0) {
      for (const AuditFile* f : folders) r.orphan_folders.push_back(f->file.name);
    }
    if (folders.size() < 2) continue;
    DuplicateSet set;
    set.data_source_id = ds;
    set.parent_id = key.first;
    std::map<std::string, int> names;
    for (const AuditFile* f : folders) {
      FolderEntry e{f->file.id, f->file.name, f->modified, LiveChildren(ix, f->file.id),
                    expected.empty() ? !HasCopySuffix(f->file.name) : f->file.name == expected,
                    HasCopySuffix(f->file.name)};
      set.folders.push_back(e);
      set.exact_same_name = set.exact_same_name || ++names[f->file.name] > 1;
    }
    std::stable_sort(set.folders.begin(), set.folders.end(), [](const FolderEntry& a, const FolderEntry& b) {
      if (a.exact != b.exact) return a.exact;
      if (a.copy_suffix != b.copy_suffix) return !a.copy_suffix;
      return a.modified > b.modified;
    });
    set.plan = ConsolidationPlan(set, expected);
    r.duplicates.push_back(std::move(set));
  }
  for (const AuditFile& f : input.files) {
    if (!f.file.IsFolder() || !f.file.trashed) continue;
    const int live = LiveChildren(ix, f.file.id);
    if (live > 0) r.trashed_with_files.push_back({f.file.id, f.file.name, live});
  }
  for (const auto& [id, title] : input.notion_titles) {
    if (seen_ids.count(id) == 0) r.missing_folders.push_back(DbFolderName(DataSource{id, title}));
  }
  return r;
}

OJson AuditJson(const AuditResult& r, const std::string& source, const std::string& generated_at) {
  OJson dups = OJson::array();
  int exact_sets = 0;
  int suffix_sets = 0;
  for (const DuplicateSet& d : r.duplicates) {
    OJson folders = OJson::array();
    bool suffixed = false;
    for (const FolderEntry& f : d.folders) {
      folders.push_back(OJson{{"id", f.id}, {"name", f.name}, {"modified", f.modified},
                              {"live_children", f.live_children}, {"copy_suffix", f.copy_suffix}});
      suffixed = suffixed || f.copy_suffix;
    }
    exact_sets += d.exact_same_name ? 1 : 0;
    suffix_sets += suffixed ? 1 : 0;
    dups.push_back(OJson{{"data_source", d.data_source_id}, {"parent", d.parent_id},
                         {"exact_same_name", d.exact_same_name}, {"folders", folders}, {"plan", d.plan}});
  }
  OJson clashes = OJson::array();
  for (const NameClash& c : r.clashes) {
    clashes.push_back(OJson{{"folder", c.folder_name}, {"folder_id", c.folder_id}, {"what", c.what}, {"names", c.names}});
  }
  OJson trashed = OJson::array();
  for (const TrashedWithFiles& t : r.trashed_with_files) {
    trashed.push_back(OJson{{"id", t.id}, {"name", t.name}, {"live_files", t.live_files},
                            {"plan", "move the files out (or restore the folder) before the trash is emptied"}});
  }
  return OJson{{"format", "lockstep-audit/1"},
               {"generated_at", generated_at},
               {"source", source},
               {"summary", OJson{{"database_folders", r.database_folders},
                                 {"data_sources_with_folders", r.data_sources_with_folders},
                                 {"data_sources_with_duplicates", r.duplicates.size()},
                                 {"exact_same_name_sets", exact_sets},
                                 {"suffix_sets", suffix_sets},
                                 {"duplicate_share", r.data_sources_with_folders > 0
                                                         ? static_cast<double>(r.duplicates.size()) / r.data_sources_with_folders
                                                         : 0.0},
                                 {"csv_clashes", std::count_if(r.clashes.begin(), r.clashes.end(), [](const NameClash& c) { return c.what == "csv"; })},
                                 {"archive_clashes", std::count_if(r.clashes.begin(), r.clashes.end(), [](const NameClash& c) { return c.what == ".archive"; })},
                                 {"trashed_folders_with_files", r.trashed_with_files.size()},
                                 {"missing_folders", r.missing_folders.size()},
                                 {"orphan_folders", r.orphan_folders.size()},
                                 {"clean", r.clean()}}},
               {"duplicates", dups},
               {"clashes", clashes},
               {"trashed_with_files", trashed},
               {"missing_folders", r.missing_folders},
               {"orphan_folders", r.orphan_folders}};
}

std::string AuditMarkdown(const OJson& a) {
  const OJson& s = a["summary"];
  std::string md = fmt::format("# Drive audit: {}\n\nGenerated {} from `{}`.\n\n",
                               s["clean"].get<bool>() ? "clean" : "findings", a["generated_at"].get<std::string>(),
                               a["source"].get<std::string>());
  md += fmt::format("- database folders: {} for {} data sources\n- data sources with duplicate folders: {} "
                    "({:.1f}%; {} sets with exact same names, {} with \"(n)\" names)\n- CSV name clashes: {}; "
                    ".archive clashes: {}\n- trashed folders still holding files: {}\n- data sources without a "
                    "folder: {}; folders for no known data source: {}\n",
                    s["database_folders"].get<int>(), s["data_sources_with_folders"].get<int>(),
                    s["data_sources_with_duplicates"].get<size_t>(), 100.0 * s["duplicate_share"].get<double>(),
                    s["exact_same_name_sets"].get<int>(), s["suffix_sets"].get<int>(),
                    s["csv_clashes"].get<int64_t>(), s["archive_clashes"].get<int64_t>(),
                    s["trashed_folders_with_files"].get<size_t>(), s["missing_folders"].get<size_t>(),
                    s["orphan_folders"].get<size_t>());
  for (const OJson& d : a["duplicates"]) {
    md += fmt::format("\n## Duplicate folders for {}\n\n", d["data_source"].get<std::string>());
    for (const OJson& f : d["folders"]) {
      md += fmt::format("- `{}` ({}), {} item(s), modified {}\n", f["name"].get<std::string>(), f["id"].get<std::string>(),
                        f["live_children"].get<int>(), f["modified"].get<std::string>());
    }
    md += "\nConsolidation:\n\n";
    for (const OJson& p : d["plan"]) md += "1. " + p.get<std::string>() + "\n";
  }
  for (const OJson& c : a["clashes"]) {
    md += fmt::format("\n- `{}` holds {} {} copies: {}\n", c["folder"].get<std::string>(), c["names"].size(),
                      c["what"].get<std::string>(), c["names"].dump());
  }
  for (const OJson& t : a["trashed_with_files"]) {
    md += fmt::format("\n- trashed folder `{}` ({}) still holds {} live file(s): {}\n", t["name"].get<std::string>(),
                      t["id"].get<std::string>(), t["live_files"].get<int>(), t["plan"].get<std::string>());
  }
  for (const OJson& m : a["missing_folders"]) md += "\n- no folder yet for `" + m.get<std::string>() + "`\n";
  return md;
}

std::string AuditHtml(const OJson& a) {
  const OJson& s = a["summary"];
  std::string body = "<h1>Drive audit</h1><pre>" + HtmlEscape(AuditMarkdown(a)) + "</pre>";
  body += BarChart("Findings", {{"data sources with duplicates", s["data_sources_with_duplicates"].get<double>(), 0},
                                {"exact same-name sets", static_cast<double>(s["exact_same_name_sets"].get<int>()), 0},
                                {"(n)-suffixed sets", static_cast<double>(s["suffix_sets"].get<int>()), 0},
                                {"CSV clashes", static_cast<double>(s["csv_clashes"].get<int64_t>()), 0},
                                {".archive clashes", static_cast<double>(s["archive_clashes"].get<int64_t>()), 0},
                                {"trashed folders with files", s["trashed_folders_with_files"].get<double>(), 0}},
                   "");
  return "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>Drive audit</title><style>"
         "body{font-family:system-ui,sans-serif;margin:24px}pre{background:#f0f4f8;padding:8px;white-space:pre-wrap}"
         "</style></head><body>\n" + body + "</body></html>\n";
}

std::string AuditJUnit(const OJson& a) {
  const OJson& s = a["summary"];
  return AuditChecksJUnit("lockstep.audit", {
      {"no duplicate database folders", static_cast<int64_t>(s["data_sources_with_duplicates"].get<size_t>())},
      {"one CSV per database folder", s["csv_clashes"].get<int64_t>()},
      {"one .archive per database folder", s["archive_clashes"].get<int64_t>()},
      {"no trashed folder holds files", static_cast<int64_t>(s["trashed_folders_with_files"].get<size_t>())},
      {"every data source has a folder", static_cast<int64_t>(s["missing_folders"].get<size_t>())}}, a["generated_at"].get<std::string>());
}

std::string AuditPrometheus(const OJson& a) {
  const OJson& s = a["summary"];
  std::string out;
  auto gauge = [&out](const char* name, const char* help, double v) {
    out += fmt::format("# HELP {0} {1}\n# TYPE {0} gauge\n{0} {2}\n", name, help, v);
  };
  gauge("lockstep_audit_database_folders", "Live database folders (named *_<uuid>).", s["database_folders"].get<double>());
  gauge("lockstep_audit_data_sources_with_duplicates", "Data sources with more than one live folder.",
        s["data_sources_with_duplicates"].get<double>());
  gauge("lockstep_audit_duplicate_share", "Data sources with duplicates / data sources with folders.",
        s["duplicate_share"].get<double>());
  gauge("lockstep_audit_csv_clashes", "Database folders holding more than one CSV of their name.",
        static_cast<double>(s["csv_clashes"].get<int64_t>()));
  gauge("lockstep_audit_archive_clashes", "Database folders holding more than one .archive.",
        static_cast<double>(s["archive_clashes"].get<int64_t>()));
  gauge("lockstep_audit_trashed_folders_with_files", "Trashed folders that still hold live files.",
        s["trashed_folders_with_files"].get<double>());
  gauge("lockstep_audit_missing_folders", "Notion data sources without a folder.", s["missing_folders"].get<double>());
  return out;
}

}  // namespace lockstep::harness
