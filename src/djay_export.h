// DjayExport: the DJ-library export the music workflow reads, and the fuzzy title match it uses.
//
// The format (docs/music-workflow.md) is a CSV with a header row naming these columns, in any
// order: djay_id, spotify_id, soundcloud_url, title, artists, playlists. Artists and playlists are
// lists separated by ';' (a name "A, B" stays one artist, as in production). Only djay_id and title
// are required. A JSON array of objects with the same keys (artists and playlists as arrays) is
// read too.
//
//   StatusOr<std::vector<TrackMeta>> tracks = ParseDjayExport(text, "export.csv");
//   double r = SequenceRatio("Strobe (Original Mix)", "Strobe");   // difflib's ratio()
#ifndef LOCKSTEP_SRC_DJAY_EXPORT_H_
#define LOCKSTEP_SRC_DJAY_EXPORT_H_

#include <string>
#include <string_view>
#include <vector>

#include "src/status.h"

namespace lockstep {

struct TrackMeta {
  std::string djay_id;
  std::string spotify_id;
  std::string soundcloud_url;
  std::string title;
  std::vector<std::string> artists;
  std::vector<std::string> playlists;
};

// Errors are kInvalidArgument "<label>:<line>: <what was expected>".
StatusOr<std::vector<TrackMeta>> ParseDjayExport(std::string_view text, std::string_view label);

// Python difflib.SequenceMatcher(None, a, b).ratio(): 2*M/T over the Ratcliff-Obershelp matching
// blocks (no junk heuristic), on bytes.
double SequenceRatio(std::string_view a, std::string_view b);

}  // namespace lockstep

#endif  // LOCKSTEP_SRC_DJAY_EXPORT_H_
