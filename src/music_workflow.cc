#include "src/music_workflow.h"

#include <algorithm>
#include <exception>
#include <cctype>
#include <regex>
#include <set>

#include <fmt/format.h>

#include "src/internal/text.h"
#include "src/notion_values.h"

namespace lockstep {
namespace {

using Json = nlohmann::json;
using internal::Lower;

constexpr Duration kLockWait{120'000};

Json Text(const std::string& s) { return Json::array({Json{{"type", "text"}, {"text", {{"content", s}}}}}); }

Json TitleEquals(const char* property, const std::string& value) {
  return Json{{"property", property}, {"title", {{"equals", value}}}};
}

std::string TitleOf(const Json& page) {
  const Json props = page.value("properties", Json::object());
  for (auto it = props.begin(); it != props.end(); ++it) {
    if (it.value().value("type", std::string()) == "title") return PlainTextOf(it.value()["title"]);
  }
  return {};
}

// A scoped hold on a keyed lock (the fixed variant); none when there are no locks.
class Hold {
 public:
  Hold(KeyedLocks* locks, const std::string& key) {
    if (locks == nullptr) return;
    lock_ = locks->Get(key);
    held_ = lock_->WaitLock(kLockWait).ok();
  }
  ~Hold() {
    // While a kill unwinds the worker, make no seam call: the platform frees its locks at its end.
    if (held_ && std::uncaught_exceptions() == 0) (void)lock_->ReleaseLock();
  }
  Hold(const Hold&) = delete;
  Hold& operator=(const Hold&) = delete;

 private:
  std::unique_ptr<Lock> lock_;
  bool held_ = false;
};

}  // namespace

NotionRetryPolicy PythonRetryPolicy() {
  NotionRetryPolicy p;
  p.attempts = 4;
  p.rate_limit_default = Duration(1000);
  p.rate_limit_per_attempt = Duration(0);
  p.server_error_base = Duration(1000);
  p.retry_server_errors_on_writes = true;
  return p;
}

bool MusicWorkflow::InvalidArtistName(const std::string& name) {
  static const std::set<std::string> kReserved = {"tracks", "playlists", "sets",    "albums",          "users",
                                                  "discover", "search", "stream", "unknown", "unknown artist",
                                                  "n/a",     "various artists", "va", ""};
  static const std::regex kAutoUser("^user-[0-9]{6,}$");
  const std::string l = Lower(name);
  return kReserved.count(l) > 0 || std::regex_match(l, kAutoUser);
}

StatusOr<std::vector<Json>> MusicWorkflow::Query(NotionClient& notion, Clock& clock, const std::string& db,
                                                 const Json& filter, int page_size, bool cached) {
  const std::string key = db + filter.dump() + std::to_string(page_size);
  if (cached) {
    auto it = query_cache_.find(key);
    if (it != query_cache_.end() && clock.Now() - it->second.first < config_.query_cache_ttl) return it->second.second;
  }
  StatusOr<Json> r = notion.Request("POST", "databases/" + db + "/query", Json{{"filter", filter}, {"page_size", page_size}});
  if (!r.ok()) return r.status();
  std::vector<Json> results;
  for (const Json& p : r->value("results", Json::array())) results.push_back(p);
  if (cached) query_cache_[key] = {clock.Now(), results};  // empty results are cached too
  return results;
}

StatusOr<std::string> MusicWorkflow::FindTrack(NotionClient& notion, Clock& clock, const TrackMeta& meta) {
  const bool cached = !config_.fixed;
  std::vector<std::pair<const char*, Json>> exact;
  exact.push_back({"djay", Json{{"property", "djay Pro ID"}, {"rich_text", {{"equals", meta.djay_id}}}}});
  if (!meta.spotify_id.empty()) {
    exact.push_back({"spotify", Json{{"property", "Spotify ID"}, {"rich_text", {{"equals", meta.spotify_id}}}}});
  }
  if (!meta.soundcloud_url.empty()) {
    exact.push_back({"url", Json{{"property", "SoundCloud URL"}, {"url", {{"equals", meta.soundcloud_url}}}}});
  }
  for (const auto& [what, filter] : exact) {
    StatusOr<std::vector<Json>> hits = Query(notion, clock, config_.tracks_db, filter, 1, cached);
    if (!hits.ok()) return hits.status();
    if (!hits->empty()) return hits->front().value("id", std::string());
  }
  const std::string prefix = meta.title.substr(0, 50);
  StatusOr<std::vector<Json>> hits =
      Query(notion, clock, config_.tracks_db, Json{{"property", "Title"}, {"title", {{"contains", prefix}}}}, 10, cached);
  if (!hits.ok()) return hits.status();
  std::string best;
  double best_score = 0;
  for (const Json& p : *hits) {
    const double score = SequenceRatio(Lower(meta.title), Lower(TitleOf(p)));
    if (score >= config_.fuzzy_threshold && score > best_score) {
      best_score = score;
      best = p.value("id", std::string());
    }
  }
  return best;
}

Json MusicWorkflow::TrackProperties(const TrackMeta& meta) const {
  Json props{{"Title", {{"title", Text(meta.title)}}}, {"djay Pro ID", {{"rich_text", Text(meta.djay_id)}}}};
  if (!meta.spotify_id.empty()) props["Spotify ID"] = {{"rich_text", Text(meta.spotify_id)}};
  if (!meta.soundcloud_url.empty()) props["SoundCloud URL"] = {{"url", meta.soundcloud_url}};
  std::string artist_name;
  for (const std::string& a : meta.artists) artist_name += (artist_name.empty() ? "" : ", ") + a;
  props["Artist Name"] = {{"rich_text", Text(artist_name)}};
  return props;
}

std::string MusicWorkflow::FindOrCreate(NotionClient& notion, Logger& logger, Clock& clock, bool artist,
                                        const std::string& raw_name) {
  const std::string name = internal::Trim(raw_name);
  if (name.empty() || (artist && InvalidArtistName(name))) return {};
  auto& cache = artist ? artist_cache_ : playlist_cache_;
  const std::string& db = artist ? config_.artists_db : config_.playlists_db;
  const std::string key = Lower(name);
  Hold hold(config_.fixed ? locks_ : nullptr, fmt::format("{}:{}", artist ? "artist" : "playlist", key));
  if (auto it = cache.find(key); it != cache.end() && (!config_.fixed || it->second.has_value())) {
    return it->second.value_or("");
  }
  const Json filter = TitleEquals("Name", name);
  for (int attempt = 0; attempt < (config_.fixed ? 5 : 1); ++attempt) {
    StatusOr<std::vector<Json>> hits = Query(notion, clock, db, filter, 1, !config_.fixed);
    if (hits.ok() && !hits->empty()) {
      const std::string id = hits->front().value("id", std::string());
      cache[key] = id;
      return id;
    }
    if (hits.ok()) {
      const Json body{{"parent", {{"database_id", db}}}, {"properties", {{"Name", {{"title", Text(name)}}}}}};
      StatusOr<Json> created = notion.Request("POST", "pages", body);
      if (created.ok()) {
        LogF(logger, LogLevel::kInfo, artist ? "music.artist_created" : "music.playlist_created", name,
             "Created {} page {}", artist ? "artist" : "playlist", name);
        const std::string id = created->value("id", std::string());
        cache[key] = id;
        return id;
      }
      hits = created.status();
    }
    LogF(logger, LogLevel::kWarn, "music.find_or_create_failed", name, "find-or-create failed for {}: {}", name,
         hits.status().message());
    if (!config_.fixed) break;
  }
  if (!config_.fixed) cache[key] = std::nullopt;  // never linked again in this process
  return {};
}

Status MusicWorkflow::Link(NotionClient& notion, const std::string& track, const char* property,
                           const std::string& target) {
  Hold hold(config_.fixed ? locks_ : nullptr, "track:" + track);
  // Faithful: one read and one write of the whole list. Fixed: the write is read back (the next
  // round's GET) until the id is there, at most three writes.
  const int writes_max = config_.fixed ? 3 : 1;
  int failures = 0;
  for (int writes = 0;; ++writes) {
    StatusOr<Json> page = notion.Request("GET", "pages/" + track);
    if (!page.ok() && config_.fixed && ++failures < 5) {
      --writes;  // a failed read is retried, not counted as a write
      continue;
    }
    if (!page.ok()) return page.status();
    Json rel = Json::array();
    const Json props = page->value("properties", Json::object());
    if (props.contains(property)) rel = props[property].value("relation", Json::array());
    for (const Json& r : rel) {
      if (r.value("id", std::string()) == target) return Status();  // linked
    }
    if (writes == writes_max) {
      return Status(StatusCode::kAborted, 0, "linkLost", fmt::format("{} {} not linked to {}", property, target, track));
    }
    rel.push_back(Json{{"id", target}});
    StatusOr<Json> patched =
        notion.Request("PATCH", "pages/" + track, Json{{"properties", {{property, {{"relation", rel}}}}}});
    if (!config_.fixed) return patched.ok() ? Status() : patched.status();
    if (!patched.ok() && ++failures >= 5) return patched.status();
  }
}

StatusOr<std::string> MusicWorkflow::UpsertTrack(NotionClient& notion, Logger& logger, Clock& clock,
                                                 const TrackMeta& meta) {
  StatusOr<std::string> found = FindTrack(notion, clock, meta);
  if (!found.ok()) return found.status();
  std::string track = *found;
  const Json props = TrackProperties(meta);
  if (!track.empty()) {
    StatusOr<Json> updated = notion.Request("PATCH", "pages/" + track, Json{{"properties", props}});
    if (!updated.ok()) return updated.status();
  } else {
    StatusOr<Json> created =
        notion.Request("POST", "pages", Json{{"parent", {{"database_id", config_.tracks_db}}}, {"properties", props}});
    if (!created.ok()) return created.status();
    track = created->value("id", std::string());
    LogF(logger, LogLevel::kInfo, "music.track_created", meta.djay_id, "Created track page {}", meta.title);
  }
  for (const std::string& a : meta.artists) {
    const std::string id = FindOrCreate(notion, logger, clock, /*artist=*/true, a);
    if (!id.empty()) (void)Link(notion, track, "Artists", id);
  }
  for (const std::string& p : meta.playlists) {
    if (p == "No Playlist" || p == "Unassigned") continue;
    const std::string id = FindOrCreate(notion, logger, clock, /*artist=*/false, p);
    if (!id.empty()) (void)Link(notion, track, "Playlists", id);
  }
  return track;
}

}  // namespace lockstep
