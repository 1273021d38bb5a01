// DriveQuery: the `q` language of Drive v3 files.list (reference/api-semantics.md A.3), parsed
// into a tree and evaluated against files.
//
//   StatusOr<DriveQuery> q = DriveQuery::Parse("name contains 'Tasks' and trashed = false");
//   if (!q.ok()) return q.status();          // 400 invalid, Drive's error shape
//   bool hit = q->Matches(view);
//
// Terms: name, fullText, mimeType, trashed, starred, '<id>' in parents, modifiedTime,
// createdTime, appProperties/properties has {key='k' and value='v'}; operators =, !=, contains,
// <, <=, >, >=, in, has; and, or, not, parentheses (precedence not > and > or); single-quoted
// strings with \' and \\ escapes. Each term accepts only the operators the reference lists for it;
// anything else is an error naming the position.
#ifndef LOCKSTEP_MOCKS_DRIVE_DRIVE_QUERY_H_
#define LOCKSTEP_MOCKS_DRIVE_DRIVE_QUERY_H_

#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "mocks/common/rfc3339.h"
#include "src/status.h"
#include "src/time.h"

namespace lockstep::mocks {

// What a query can see of one file. Name and full-text terms read the search index, which may lag
// behind writes (`indexed` false: the file is not in the index yet; `indexed_name` may be an old
// name); the other terms read the file itself.
struct QueryView {
  std::string name;
  std::string indexed_name;
  bool indexed = true;
  std::string mime_type;
  std::vector<std::string> parents;
  bool trashed = false;
  bool starred = false;
  Instant created_time{};
  Instant modified_time{};
  std::string content;  // fullText also searches content
  std::map<std::string, std::string> app_properties;
  std::map<std::string, std::string> properties;
};

class DriveQuery {
 public:
  struct Node;

  static StatusOr<DriveQuery> Parse(std::string_view q);
  bool Matches(const QueryView& file) const;
  // True if any term reads the search index (name or fullText): those queries may lag.
  bool UsesSearchIndex() const { return uses_index_; }
  // Which parts of a QueryView the query reads beyond names, types, parents, flags and times:
  // content (fullText) and the property maps (has). A listing copies them only when read.
  bool ReadsContent() const { return reads_content_; }
  bool ReadsProperties() const { return reads_properties_; }
  // The parent every match must have, when the query is "'<id>' in parents and ..." (at the top
  // of an and-chain); lets a service scan that folder's children instead of every file.
  std::optional<std::string> RequiredParent() const;
  // The name of a `name = '...'` term every match must satisfy (a conjunct), if any.
  std::optional<std::string> RequiredName() const;

  DriveQuery(DriveQuery&&) noexcept;
  DriveQuery& operator=(DriveQuery&&) noexcept;
  ~DriveQuery();

 private:
  DriveQuery() = default;
  std::unique_ptr<Node> root_;
  bool uses_index_ = false;
  bool reads_content_ = false;
  bool reads_properties_ = false;
};

// Drive's 400 for a bad query: reason "invalid", location "q".
Status InvalidQuery(std::string_view message);

// Drive's `contains` on names: every word of `value` prefix-matches some token of `text`, case-
// insensitively, where non-alphanumerics separate tokens. `whole_tokens` (fullText): words must
// equal tokens.
bool TokenContains(std::string_view text, std::string_view value, bool whole_tokens);

}  // namespace lockstep::mocks

#endif  // LOCKSTEP_MOCKS_DRIVE_DRIVE_QUERY_H_
