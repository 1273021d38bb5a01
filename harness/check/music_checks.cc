// Music-workflow checkers: duplicate Artists, Playlists and Tracks pages, and lost links.
#include "harness/check/internal/checks.h"

#include <algorithm>
#include <map>
#include <set>

#include <fmt/format.h>

namespace lockstep::harness::internal {

void CheckMusic(const EndState& s, ScheduleResult& r) {
  if (s.scenario.executions.entry != Entry::kMusic) return;
  // Live pages of a database by their title text.
  auto by_title = [&s](const std::string& db) {
    std::map<std::string, std::vector<const mocks::NotionPage*>> out;
    const mocks::NotionDatabase* d = s.notion.databases().count(db) ? &s.notion.databases().at(db) : nullptr;
    if (d == nullptr || d->data_sources.empty()) return out;
    for (const mocks::NotionPage* p : s.notion.PagesOf(d->data_sources.front())) {
      if (p->in_trash) continue;
      auto t = p->values.find("title");
      out[t == p->values.end() ? std::string() : mocks::PlainText(t->second)].push_back(p);
    }
    return out;
  };
  const auto artists = by_title(s.music.artists_db);
  const auto playlists = by_title(s.music.playlists_db);
  Violation dup{"duplicate-pages", {}, {}};
  for (const auto* group : {&artists, &playlists}) {
    for (const auto& [name, pages] : *group) {
      if (pages.size() < 2) continue;
      r.duplicate_pages += static_cast<int>(pages.size()) - 1;
      if (dup.detail.empty()) {
        dup.detail = fmt::format("{} live {} pages named \"{}\"", pages.size(), group == &artists ? "Artists" : "Playlists", name);
      }
    }
  }
  // Tracks by djay Pro ID, and their links.
  const mocks::NotionDataSource* tracks_ds = nullptr;
  if (s.notion.databases().count(s.music.tracks_db)) {
    tracks_ds = &s.notion.data_sources().at(s.notion.databases().at(s.music.tracks_db).data_sources.front());
  }
  std::map<std::string, std::vector<const mocks::NotionPage*>> tracks;
  const mocks::NotionProperty* djay = tracks_ds ? tracks_ds->Find("djay Pro ID") : nullptr;
  const mocks::NotionProperty* artists_rel = tracks_ds ? tracks_ds->Find("Artists") : nullptr;
  const mocks::NotionProperty* playlists_rel = tracks_ds ? tracks_ds->Find("Playlists") : nullptr;
  if (tracks_ds != nullptr && djay != nullptr) {
    for (const mocks::NotionPage* p : s.notion.PagesOf(tracks_ds->id)) {
      if (p->in_trash) continue;
      auto v = p->values.find(djay->id);
      if (v != p->values.end()) tracks[mocks::PlainText(v->second)].push_back(p);
    }
  }
  for (const auto& [id, pages] : tracks) {
    if (pages.size() < 2) continue;
    r.duplicate_pages += static_cast<int>(pages.size()) - 1;
    if (dup.detail.empty()) dup.detail = fmt::format("{} live Tracks pages with djay Pro ID {}", pages.size(), id);
  }
  if (r.duplicate_pages > 0) r.violations.push_back(std::move(dup));
  // Every processed track linked to a live page of each of its artists and playlists.
  auto linked = [](const mocks::NotionPage* track, const mocks::NotionProperty* rel, const auto& targets,
                    const std::string& name) {
    if (rel == nullptr) return false;
    auto v = track->values.find(rel->id);
    auto t = targets.find(name);
    if (v == track->values.end() || t == targets.end()) return false;
    for (const auto& ref : v->second) {
      for (const mocks::NotionPage* target : t->second) {
        if (ref.value("id", std::string()) == target->id) return true;
      }
    }
    return false;
  };
  std::string first;
  for (const TrackMeta& meta : s.scenario.music.tracks) {
    auto it = tracks.find(meta.djay_id);
    if (it == tracks.end()) continue;  // never reached (a killed worker): not a lost link
    const mocks::NotionPage* page = it->second.front();
    for (const std::string& a : meta.artists) {
      if (MusicWorkflow::InvalidArtistName(a) || linked(page, artists_rel, artists, a)) continue;
      if (r.lost_links++ == 0) first = fmt::format("track {} is not linked to artist \"{}\"", meta.djay_id, a);
    }
    for (const std::string& p : meta.playlists) {
      if (p == "No Playlist" || p == "Unassigned" || linked(page, playlists_rel, playlists, p)) continue;
      if (r.lost_links++ == 0) first = fmt::format("track {} is not linked to playlist \"{}\"", meta.djay_id, p);
    }
  }
  if (r.lost_links > 0) {
    r.violations.push_back(Violation{"lost-links", {}, fmt::format("{} link(s) missing, e.g. {}", r.lost_links, first)});
  }
}

}  // namespace lockstep::harness::internal
