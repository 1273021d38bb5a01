// The entries of a Drive for Desktop mount: what a walk of the mounted directory (or of a copy of
// its tree) sees, or what a JSON-lines listing of one says. Only names, sizes and modification
// times are read; file contents never are.
//
//   StatusOr<MountListing> m = WalkMount("/Volumes/GoogleDrive/My Drive/workspace-databases");
//   StatusOr<MountListing> l = ParseMountListing(text, "mount.jsonl");
//   for (const MountEntry& e : l->entries) ...  // sorted by path, parents before children
//
// A listing holds one JSON object per line: {"path": "a/b.csv", "size": 120, "modified":
// "2025-12-30T13:34:48Z"}. A directory is an entry with "dir": true (or "type": "dir"), a path
// ending in "/", or any path another entry lies under; every other entry is a file. Absolute paths
// are taken as relative to "/". Errors name the file and the line, and say what was expected.
#ifndef LOCKSTEP_HARNESS_AUDIT_MOUNT_LISTING_H_
#define LOCKSTEP_HARNESS_AUDIT_MOUNT_LISTING_H_

#include <atomic>
#include <cstdint>
#include <string>
#include <vector>

#include "src/status.h"

namespace lockstep::harness {

struct MountEntry {
  std::string path;      // '/'-separated, no leading or trailing '/', no "." or ".." segment
  int64_t size = 0;
  std::string modified;  // as listed (a walk writes RFC 3339 UTC); "" when not known
  bool dir = false;
  int line = 0;          // the listing line that named it; 0 for a walk or an implied directory

  std::string Name() const;    // the last segment
  std::string Parent() const;  // the path without its last segment ("" at the root)
};

struct MountListing {
  std::string source;  // the directory walked or the listing file, for reports
  std::vector<MountEntry> entries;
  bool interrupted = false;  // a walk stopped by a signal: `entries` is the part walked

  // The entry's place, for error messages: "FILE:LINE" for a listed entry, else "SOURCE/PATH".
  std::string Where(const MountEntry& e) const;
};

// Walks `dir` without following symbolic links. An unreadable directory is an error, not a
// shorter listing: a partial walk would be a partial report presented as complete. The one
// partial walk is an interrupted one, and it says so: once `*stop` is set (SIGINT or SIGTERM),
// the walk ends with what it has, marked `interrupted`.
StatusOr<MountListing> WalkMount(const std::string& dir, const std::atomic<bool>* stop = nullptr);

// Reads a JSON-lines listing; blank lines are skipped.
StatusOr<MountListing> ParseMountListing(const std::string& text, const std::string& label);

// A listing line for `e`, the format ParseMountListing reads (for engineers who ship a listing).
std::string MountListingLine(const MountEntry& e);

}  // namespace lockstep::harness

#endif  // LOCKSTEP_HARNESS_AUDIT_MOUNT_LISTING_H_
