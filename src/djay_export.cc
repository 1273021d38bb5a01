#include "src/djay_export.h"

#include <algorithm>
#include <map>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "src/csv.h"
#include "src/internal/text.h"

namespace lockstep {
namespace {

using internal::Trim;

std::vector<std::string> SplitList(std::string_view s) {
  std::vector<std::string> out;
  size_t pos = 0;
  while (pos <= s.size()) {
    const size_t next = s.find(';', pos);
    std::string part = Trim(s.substr(pos, next == std::string_view::npos ? std::string_view::npos : next - pos));
    if (!part.empty()) out.push_back(std::move(part));
    if (next == std::string_view::npos) break;
    pos = next + 1;
  }
  return out;
}

Status Bad(std::string_view label, size_t line, const std::string& what) {
  return Status(StatusCode::kInvalidArgument, 0, "djayExport", fmt::format("{}:{}: {}", label, line, what));
}

StatusOr<std::vector<TrackMeta>> ParseJson(std::string_view text, std::string_view label) {
  const nlohmann::json j = nlohmann::json::parse(text, nullptr, false);
  if (j.is_discarded() || !j.is_array()) return Bad(label, 1, "expected a JSON array of tracks");
  std::vector<TrackMeta> out;
  for (size_t i = 0; i < j.size(); ++i) {
    const nlohmann::json& t = j[i];
    auto str = [&t](const char* k) { return t.contains(k) && t[k].is_string() ? t[k].get<std::string>() : ""; };
    auto list = [&t](const char* k) {
      std::vector<std::string> v;
      if (t.contains(k) && t[k].is_array()) {
        for (const auto& x : t[k]) {
          if (x.is_string() && !Trim(x.get<std::string>()).empty()) v.push_back(Trim(x.get<std::string>()));
        }
      }
      return v;
    };
    if (!t.is_object() || str("djay_id").empty() || str("title").empty()) {
      return Bad(label, 1, fmt::format("track {}: expected an object with djay_id and title", i));
    }
    out.push_back(TrackMeta{str("djay_id"), str("spotify_id"), str("soundcloud_url"), str("title"), list("artists"),
                            list("playlists")});
  }
  return out;
}

// The longest common block of a[alo, ahi) and b[blo, bhi): difflib's find_longest_match without
// junk (the earliest in a, then in b, among the longest).
void LongestMatch(std::string_view a, std::string_view b, size_t alo, size_t ahi, size_t blo, size_t bhi,
                  size_t& best_i, size_t& best_j, size_t& best_n) {
  best_i = alo;
  best_j = blo;
  best_n = 0;
  std::vector<size_t> prev(b.size() + 1, 0);
  std::vector<size_t> cur(b.size() + 1, 0);
  for (size_t i = alo; i < ahi; ++i) {
    for (size_t j = blo; j < bhi; ++j) {
      cur[j + 1] = a[i] == b[j] ? prev[j] + 1 : 0;
      if (cur[j + 1] > best_n) {
        best_n = cur[j + 1];
        best_i = i + 1 - best_n;
        best_j = j + 1 - best_n;
      }
    }
    std::swap(prev, cur);
    std::fill(cur.begin(), cur.end(), 0);
  }
}

size_t MatchingCharacters(std::string_view a, std::string_view b, size_t alo, size_t ahi, size_t blo, size_t bhi) {
  size_t i = 0;
  size_t j = 0;
  size_t n = 0;
  LongestMatch(a, b, alo, ahi, blo, bhi, i, j, n);
  if (n == 0) return 0;
  return n + MatchingCharacters(a, b, alo, i, blo, j) + MatchingCharacters(a, b, i + n, ahi, j + n, bhi);
}

}  // namespace

double SequenceRatio(std::string_view a, std::string_view b) {
  const size_t total = a.size() + b.size();
  if (total == 0) return 1.0;
  return 2.0 * static_cast<double>(MatchingCharacters(a, b, 0, a.size(), 0, b.size())) / static_cast<double>(total);
}

StatusOr<std::vector<TrackMeta>> ParseDjayExport(std::string_view text, std::string_view label) {
  const std::string trimmed = Trim(text);
  if (!trimmed.empty() && trimmed[0] == '[') return ParseJson(trimmed, label);
  const CsvRows rows = ParseCsv(text);
  if (rows.empty()) return Bad(label, 1, "expected a header row (djay_id,title,...)");
  std::map<std::string, size_t> col;
  for (size_t c = 0; c < rows[0].size(); ++c) col[Trim(rows[0][c])] = c;
  for (const char* required : {"djay_id", "title"}) {
    if (col.count(required) == 0) return Bad(label, 1, fmt::format("expected a column named {}", required));
  }
  for (const auto& [name, c] : col) {
    static const char* kKnown[] = {"djay_id", "spotify_id", "soundcloud_url", "title", "artists", "playlists"};
    if (std::find(std::begin(kKnown), std::end(kKnown), name) == std::end(kKnown)) {
      return Bad(label, 1, fmt::format("unknown column '{}'; expected djay_id, spotify_id, soundcloud_url, title, "
                                       "artists, playlists", name));
    }
  }
  std::vector<TrackMeta> out;
  for (size_t r = 1; r < rows.size(); ++r) {
    const CsvRow& row = rows[r];
    if (row.size() == 1 && Trim(row[0]).empty()) continue;  // a blank line
    auto cell = [&](const char* name) {
      auto it = col.find(name);
      return it == col.end() || it->second >= row.size() ? std::string() : Trim(row[it->second]);
    };
    TrackMeta t{cell("djay_id"), cell("spotify_id"), cell("soundcloud_url"), cell("title"), SplitList(cell("artists")),
                SplitList(cell("playlists"))};
    if (t.djay_id.empty() || t.title.empty()) return Bad(label, r + 1, "expected a djay_id and a title");
    out.push_back(std::move(t));
  }
  return out;
}

}  // namespace lockstep
