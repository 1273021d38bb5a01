// MusicWorkflow: the music workflow's track upsert and artist/playlist linking (spec section 7),
// one object per process, shared by its worker threads (the caches are process-wide, unlocked).
//
// Faithful (spec 7.2-7.4):
//   - a track is found by djay Pro ID, then Spotify ID, then SoundCloud URL (each a query through
//     the 30-s query cache, which also remembers empty results), then by fuzzy title (Title
//     contains the first 50 characters, page_size 10, difflib ratio >= 0.85); found: updated; else
//     created (check-then-create, no lock);
//   - each artist and playlist is found or created by name: the per-process cache keyed by the
//     lower-cased name (a hit may be "not found"), then a Name-equals query, then POST pages; any
//     error caches "not found" for the life of the process;
//   - a link reads the track page and PATCHes the whole relation list plus the new id.
// Fixed (config.fixed): find-or-create single-flighted per name within the process (KeyedLocks),
// queried without the cache, errors not cached, a failed create re-queried before it is sent
// again; a relation append single-flighted per track and verified by reading it back.
//
//   MusicWorkflow process(config, locks);
//   StatusOr<std::string> page = process.UpsertTrack(notion, logger, clock, meta);
#ifndef LOCKSTEP_SRC_MUSIC_WORKFLOW_H_
#define LOCKSTEP_SRC_MUSIC_WORKFLOW_H_

#include <map>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "src/clock.h"
#include "src/djay_export.h"
#include "src/keyed_locks.h"
#include "src/logger.h"
#include "src/notion_api.h"
#include "src/status.h"

namespace lockstep {

struct MusicConfig {
  std::string tracks_db;     // TRACKS_DB_ID (2022-06-28 database ids)
  std::string artists_db;    // ARTISTS_DB_ID
  std::string playlists_db;  // MUSIC_PLAYLISTS_DB_ID
  Duration query_cache_ttl{30'000};  // NOTION_QUERY_CACHE_TTL
  double fuzzy_threshold = 0.85;
  bool fixed = false;
};

// The retry policy of the Python NotionManager (_req over urllib3's Retry): 429 waits Retry-After
// (1 s without it), 5xx waits 1 s, 2 s, 3 s, POST and PATCH included.
NotionRetryPolicy PythonRetryPolicy();

class MusicWorkflow {
 public:
  MusicWorkflow(MusicConfig config, KeyedLocks* locks) : config_(std::move(config)), locks_(locks) {}

  // upsert_track_page and the links of its artists and playlists. Returns the track page id.
  // May suspend the calling fiber many times.
  StatusOr<std::string> UpsertTrack(NotionClient& notion, Logger& logger, Clock& clock, const TrackMeta& meta);

  // find_or_create_artist_page / find_or_create_playlist_page: the page id, or "" when none
  // (invalid name, or a cached failure).
  std::string FindOrCreate(NotionClient& notion, Logger& logger, Clock& clock, bool artist, const std::string& name);

  // True for the names link_track_artist_relation refuses (reserved words, user-123456, unknown...).
  static bool InvalidArtistName(const std::string& name);

 private:
  StatusOr<std::vector<nlohmann::json>> Query(NotionClient& notion, Clock& clock, const std::string& db,
                                              const nlohmann::json& filter, int page_size, bool cached);
  StatusOr<std::string> FindTrack(NotionClient& notion, Clock& clock, const TrackMeta& meta);
  Status Link(NotionClient& notion, const std::string& track, const char* property, const std::string& target);
  nlohmann::json TrackProperties(const TrackMeta& meta) const;

  MusicConfig config_;
  KeyedLocks* locks_;  // required by the fixed variant
  // Process-wide state, shared by the worker threads without a lock (as in production).
  std::map<std::string, std::optional<std::string>> artist_cache_;
  std::map<std::string, std::optional<std::string>> playlist_cache_;
  std::map<std::string, std::pair<Instant, std::vector<nlohmann::json>>> query_cache_;
};

}  // namespace lockstep

#endif  // LOCKSTEP_SRC_MUSIC_WORKFLOW_H_
