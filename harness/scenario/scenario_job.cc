// The scenario sections of the whole job and the music workflow: core.sync, notion, music.
#include <filesystem>
#include <fstream>
#include <sstream>
#include <tuple>

#include "harness/scenario/internal/yaml_reader.h"
#include "src/file_text.h"

namespace lockstep::harness::internal {

// core.sync: true, or a mapping of the SyncConfig switches.
void LoadSync(const YAML::Node& n, Scenario& s) {
  SyncConfig& sync = s.core.sync;
  if (n.IsScalar()) {
    sync.enabled = Scalar<bool>(n, "sync");
    return;
  }
  Section y(n, "core.sync", {"enabled", "allow_schema_deletions", "conflict_guard", "lifecycle", "registry_sheet",
                             "idempotent_page_create", "schema_by_id", "archive_retention_fixed"});
  sync.enabled = y.Has("enabled") ? Scalar<bool>(y.Get("enabled"), "sync.enabled") : true;
  auto flag = [&y](const char* key, bool& out) {
    if (y.Has(key)) out = Scalar<bool>(y.Get(key), std::string("sync.") + key);
  };
  flag("allow_schema_deletions", sync.allow_schema_deletions);
  flag("conflict_guard", sync.conflict_guard);
  flag("lifecycle", sync.lifecycle);
  flag("registry_sheet", sync.registry_sheet);
  flag("idempotent_page_create", sync.idempotent_page_create);
  flag("schema_by_id", sync.schema_by_id);
  flag("archive_retention_fixed", sync.archive_retention_fixed);
}

void LoadNotion(const YAML::Node& n, Scenario& s) {
  Section y(n, "notion", {"rows", "new_rows", "latency_ms", "requests_per_second", "burst", "renamed_since_export",
                          "execution_logs"});
  if (y.Has("execution_logs")) s.notion.execution_logs = Scalar<bool>(y.Get("execution_logs"), "notion.execution_logs");
  s.core.sync.execution_logs_data_source = s.notion.execution_logs ? kExecutionLogsDataSource : "";
  if (y.Has("renamed_since_export")) {
    s.notion.renamed_since_export = Scalar<bool>(y.Get("renamed_since_export"), "notion.renamed_since_export");
  }
  NotionWorkspace& w = s.notion;
  if (y.Has("rows")) w.rows = static_cast<int>(NonNegative(y.Get("rows"), "notion.rows"));
  if (y.Has("new_rows")) w.new_rows = static_cast<int>(NonNegative(y.Get("new_rows"), "notion.new_rows"));
  if (w.rows > 1000 || w.new_rows > 1000) Fail(n, "notion: rows and new_rows: expected at most 1000 each");
  if (y.Has("latency_ms")) std::tie(w.latency.min, w.latency.max) = MsRange(y.Get("latency_ms"), "notion.latency_ms");
  if (y.Has("requests_per_second")) {
    w.requests_per_second = Scalar<double>(y.Get("requests_per_second"), "notion.requests_per_second");
    if (w.requests_per_second < 0) Fail(y.Get("requests_per_second"), "notion.requests_per_second: expected >= 0");
  }
  if (y.Has("burst")) {
    w.burst = Scalar<double>(y.Get("burst"), "notion.burst");
    if (w.burst < 1) Fail(y.Get("burst"), "notion.burst: expected >= 1");
  }
}

// music: the workload of entry: music.
void LoadMusic(const YAML::Node& n, Scenario& s) {
  Section m(n, "music", {"export", "tracks", "artists", "playlists", "fixed"});
  MusicWorkload& w = s.music;
  if (m.Has("fixed")) w.fixed = Scalar<bool>(m.Get("fixed"), "music.fixed");
  if (m.Has("tracks")) w.track_count = static_cast<int>(NonNegative(m.Get("tracks"), "music.tracks"));
  if (m.Has("artists")) w.artist_count = static_cast<int>(NonNegative(m.Get("artists"), "music.artists"));
  if (m.Has("playlists")) w.playlist_count = static_cast<int>(NonNegative(m.Get("playlists"), "music.playlists"));
  if (w.track_count < 1 || w.track_count > 10000) Fail(n, "music.tracks: expected 1..10000");
  if (w.artist_count < 1 || w.playlist_count < 1) Fail(n, "music.artists and music.playlists: expected >= 1");
  if (m.Has("export")) {
    std::filesystem::path path = Scalar<std::string>(m.Get("export"), "music.export");
    if (path.is_relative()) path = std::filesystem::path(s.file).parent_path() / path;
    std::optional<std::string> text = ReadFileText(path);
    if (!text) Fail(m.Get("export"), fmt::format("music.export: cannot read {}", path.string()));
    StatusOr<std::vector<TrackMeta>> tracks = ParseDjayExport(*text, path.string());
    if (!tracks.ok()) Fail(m.Get("export"), fmt::format("music.export: {}", tracks.status().message()));
    w.export_file = std::filesystem::absolute(path).lexically_normal().string();
    w.tracks = std::move(*tracks);
    w.track_count = static_cast<int>(w.tracks.size());
    return;
  }
  for (int k = 1; k <= w.track_count; ++k) {
    TrackMeta t;
    t.djay_id = fmt::format("djay-{:04}", k);
    t.title = fmt::format("Track {}", k);
    t.soundcloud_url = fmt::format("https://soundcloud.com/lockstep/track-{}", k);
    t.artists.push_back(fmt::format("Artist {}", k % w.artist_count + 1));
    if (k % 3 == 0 && w.artist_count > 1) t.artists.push_back(fmt::format("Artist {}", (k + 1) % w.artist_count + 1));
    t.playlists.push_back(fmt::format("Playlist {}", k % w.playlist_count + 1));
    w.tracks.push_back(std::move(t));
  }
}

}  // namespace lockstep::harness::internal
