#include "harness/audit/mount_listing.h"

#include <algorithm>
#include <chrono>
#include <filesystem>
#include <map>
#include <system_error>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "src/time.h"

namespace lockstep::harness {
namespace {

namespace fs = std::filesystem;
using Json = nlohmann::json;

Status Bad(const std::string& where, const std::string& what) {
  return Status(StatusCode::kInvalidArgument, 0, "mount", fmt::format("{}: {}", where, what));
}

// A file time in the audit's RFC 3339 form, to the millisecond as files.list writes it.
std::string Rfc3339(fs::file_time_type t) {
  const auto sys = std::chrono::file_clock::to_sys(t);
  return FormatRfc3339(Instant(std::chrono::floor<std::chrono::milliseconds>(sys).time_since_epoch()));
}

// "YYYY-MM-DDTHH:MM:SS" at the start, then anything (fraction, zone): what files.list, a walk and
// Python's isoformat() all write.
bool LooksLikeTimestamp(const std::string& s) {
  static constexpr char kShape[] = "dddd-dd-ddTdd:dd:dd";
  if (s.size() < sizeof(kShape) - 1) return false;
  for (size_t i = 0; i + 1 < sizeof(kShape); ++i) {
    const bool digit = s[i] >= '0' && s[i] <= '9';
    if (kShape[i] == 'd' ? !digit : (s[i] != kShape[i] && !(kShape[i] == 'T' && s[i] == ' '))) return false;
  }
  return true;
}

// Splits on '/', drops empty segments; "." and ".." are refused (a listing names each entry once,
// by its own path).
bool NormalisePath(const std::string& raw, std::string& out) {
  out.clear();
  size_t i = 0;
  while (i <= raw.size()) {
    size_t j = raw.find('/', i);
    if (j == std::string::npos) j = raw.size();
    const std::string seg = raw.substr(i, j - i);
    if (seg == "." || seg == "..") return false;
    if (!seg.empty()) out += (out.empty() ? "" : "/") + seg;
    i = j + 1;
  }
  return !out.empty();
}

// Sorts by path and adds the directories that only appear as some entry's ancestors. A path named
// twice is an error: a directory holds one entry of a name.
Status Complete(MountListing& m) {
  std::map<std::string, size_t> seen;
  for (size_t i = 0; i < m.entries.size(); ++i) {
    auto [it, fresh] = seen.emplace(m.entries[i].path, i);
    if (!fresh) {
      return Bad(m.Where(m.entries[i]), fmt::format("\"{}\" is listed twice (also at {})", m.entries[i].path,
                                                    m.Where(m.entries[it->second])));
    }
  }
  std::vector<MountEntry> implied;
  for (MountEntry& e : m.entries) {
    for (std::string p = e.Parent(); !p.empty(); p = MountEntry{p}.Parent()) {
      auto it = seen.find(p);
      if (it == seen.end()) {
        seen.emplace(p, m.entries.size() + implied.size());
        implied.push_back(MountEntry{p, 0, "", true, 0});
        continue;
      }
      if (it->second < m.entries.size()) {
        MountEntry& parent = m.entries[it->second];
        if (!parent.dir && parent.line > 0 && parent.size > 0) {
          return Bad(m.Where(parent), fmt::format("\"{}\" is a file of {} bytes, yet \"{}\" lies under it",
                                                  parent.path, parent.size, e.path));
        }
        parent.dir = true;
      }
    }
  }
  for (MountEntry& e : implied) m.entries.push_back(std::move(e));
  std::sort(m.entries.begin(), m.entries.end(),
            [](const MountEntry& a, const MountEntry& b) { return a.path < b.path; });
  return Status();
}

}  // namespace

std::string MountEntry::Name() const {
  const size_t slash = path.rfind('/');
  return slash == std::string::npos ? path : path.substr(slash + 1);
}

std::string MountEntry::Parent() const {
  const size_t slash = path.rfind('/');
  return slash == std::string::npos ? std::string() : path.substr(0, slash);
}

std::string MountListing::Where(const MountEntry& e) const {
  return e.line > 0 ? fmt::format("{}:{}", source, e.line) : source + "/" + e.path;
}

StatusOr<MountListing> WalkMount(const std::string& dir, const std::atomic<bool>* stop) {
  std::error_code ec;
  if (!fs::is_directory(dir, ec)) {
    return Bad(dir, "expected a directory (a Drive for Desktop mount, or a copy of its tree); "
                    "for a listing use --mount-listing");
  }
  MountListing m;
  m.source = dir;
  const fs::path root(dir);
  fs::recursive_directory_iterator it(root, fs::directory_options::none, ec);
  if (ec) return Bad(dir, "cannot read the directory: " + ec.message());
  for (const fs::recursive_directory_iterator end; it != end; it.increment(ec)) {
    if (ec) break;
    if (stop != nullptr && stop->load()) {
      m.interrupted = true;
      break;
    }
    const fs::directory_entry& d = *it;
    MountEntry e;
    e.path = d.path().lexically_relative(root).generic_string();
    e.dir = d.is_directory(ec) && !d.is_symlink(ec);
    if (!e.dir && d.is_regular_file(ec)) e.size = static_cast<int64_t>(d.file_size(ec));
    if (!ec) {
      const fs::file_time_type t = d.last_write_time(ec);
      if (!ec) e.modified = Rfc3339(t);
    }
    if (ec) return Bad(dir + "/" + e.path, "cannot read its size or time: " + ec.message());
    m.entries.push_back(std::move(e));
  }
  if (ec) return Bad(dir, "cannot read the whole tree (" + ec.message() + "): refusing a partial audit");
  Status s = Complete(m);
  if (!s.ok()) return s;
  return m;
}

StatusOr<MountListing> ParseMountListing(const std::string& text, const std::string& label) {
  MountListing m;
  m.source = label;
  int line_no = 0;
  size_t pos = 0;
  while (pos < text.size()) {
    size_t nl = text.find('\n', pos);
    if (nl == std::string::npos) nl = text.size();
    std::string line = text.substr(pos, nl - pos);
    pos = nl + 1;
    ++line_no;
    if (!line.empty() && line.back() == '\r') line.pop_back();
    if (line.find_first_not_of(" \t") == std::string::npos) continue;
    const std::string where = fmt::format("{}:{}", label, line_no);
    const Json j = Json::parse(line, nullptr, /*allow_exceptions=*/false);
    if (j.is_discarded() || !j.is_object()) {
      return Bad(where, "expected one JSON object per line: {\"path\": ..., \"size\": ..., \"modified\": ...}");
    }
    if (!j.contains("path") || !j["path"].is_string()) return Bad(where, "expected a string \"path\"");
    MountEntry e;
    e.line = line_no;
    const std::string raw = j["path"].get<std::string>();
    if (!NormalisePath(raw, e.path)) {
      return Bad(where, fmt::format("\"{}\" is not a path of an entry (empty, or with a . or .. segment)", raw));
    }
    e.dir = raw.back() == '/';
    if (j.contains("size")) {
      const Json& sz = j["size"];
      if (sz.is_number_unsigned() || (sz.is_number_integer() && sz.get<int64_t>() >= 0)) {
        e.size = sz.get<int64_t>();
      } else if (!sz.is_null()) {
        return Bad(where, "expected \"size\" to be a whole number of bytes, 0 or more");
      }
    }
    if (j.contains("modified") && !j["modified"].is_null()) {
      if (!j["modified"].is_string() || !LooksLikeTimestamp(j["modified"].get<std::string>())) {
        return Bad(where, "expected \"modified\" as an RFC 3339 time (2025-12-30T13:34:48Z)");
      }
      e.modified = j["modified"].get<std::string>();
    }
    if (j.contains("dir")) {
      if (!j["dir"].is_boolean()) return Bad(where, "expected \"dir\" to be true or false");
      e.dir = e.dir || j["dir"].get<bool>();
    }
    if (j.contains("type")) {
      const std::string t = j["type"].is_string() ? j["type"].get<std::string>() : "";
      if (t != "dir" && t != "directory" && t != "folder" && t != "file") {
        return Bad(where, "expected \"type\" to be \"dir\" or \"file\"");
      }
      e.dir = e.dir || t != "file";
    }
    m.entries.push_back(std::move(e));
  }
  if (m.entries.empty()) return Bad(label, "expected at least one entry (one JSON object per line)");
  Status s = Complete(m);
  if (!s.ok()) return s;
  return m;
}

std::string MountListingLine(const MountEntry& e) {
  Json j = {{"path", e.path}, {"size", e.size}};
  if (!e.modified.empty()) j["modified"] = e.modified;  // unknown (a walk that could not stat it): left out
  if (e.dir) j["dir"] = true;
  return j.dump();
}

}  // namespace lockstep::harness
