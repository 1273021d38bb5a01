#include "mocks/drive/drive_model.h"

#include <algorithm>
#include <charconv>

#include <fmt/format.h>

namespace lockstep::mocks {
namespace {

Status BadRequest(std::string_view reason, std::string message) {
  return Status(StatusCode::kInvalidArgument, 400, std::string(reason), std::move(message));
}

bool KindMatches(ChildKind kind, const DriveFile& f) {
  switch (kind) {
    case ChildKind::kAll: return true;
    case ChildKind::kFolders: return f.IsFolder();
    case ChildKind::kFiles: return !f.IsFolder();
  }
  return true;
}

}  // namespace

Status DriveNotFound(std::string_view id) {
  return Status(StatusCode::kNotFound, 404, "notFound", fmt::format("File not found: {}.", id));
}

void DriveModel::Reset(Instant now, uint64_t seed) {
  seed_ = seed;
  id_rngs_.clear();
  lag_rngs_.clear();
  index_rngs_.clear();
  extras_.clear();
  files_.clear();
  visibility_.clear();
  children_.clear();
  index_by_id_.clear();
  reserved_ids_.clear();
  ever_named_.clear();
  hidden_by_lag_ = 0;
  DriveFile root{.id = std::string(kRootId), .name = "My Drive",
                 .mime_type = std::string(kFolderMimeType), .parent_id = {}, .trashed = false,
                 .created_time = now, .modified_time = now};
  PushFile(std::move(root), {}, {});
}

std::string DriveModel::NewId(ExecutionId who) {
  Rng& rng = ActorStream(id_rngs_, seed_, "drive.ids", who);
  // Drive ids: 33 characters of [A-Za-z0-9_-], starting with '1'.
  static constexpr char kAlphabet[] =
      "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
  std::string id(33, '1');
  uint64_t bits = rng.Next();
  for (int i = 1; i < 33; ++i) {
    if (i % 10 == 0) bits = rng.Next();
    id[i] = kAlphabet[bits & 63];
    bits >>= 6;
  }
  return id;
}

int DriveModel::IndexOf(std::string_view id) const {
  auto it = index_by_id_.find(id);
  return it == index_by_id_.end() ? -1 : it->second;
}

bool DriveModel::IsAncestor(int maybe_ancestor, int index) const {
  for (int i = index; i >= 0;) {
    if (i == maybe_ancestor) return true;
    if (files_[i].parent_id.empty()) return false;
    i = IndexOf(files_[i].parent_id);
  }
  return false;
}

void DriveModel::Touch(std::string_view id, Instant now) {
  const int i = IndexOf(id);
  if (i >= 0) files_[i].modified_time = now;
}

void DriveModel::AddChild(int parent, int child) {
  std::vector<int>& c = children_[parent];
  c.insert(std::upper_bound(c.begin(), c.end(), child), child);
}

void DriveModel::RemoveChild(int parent, int child) {
  std::vector<int>& c = children_[parent];
  auto it = std::lower_bound(c.begin(), c.end(), child);
  if (it != c.end() && *it == child) c.erase(it);
}

void DriveModel::PushFile(DriveFile f, Visibility v, Extra e) {
  const int index = static_cast<int>(files_.size());
  index_by_id_.emplace(f.id, index);
  files_.push_back(std::move(f));
  visibility_.push_back(v);
  extras_.push_back(std::move(e));
  children_.emplace_back();
  NoteName(index);
}

void DriveModel::NoteName(int index) {
  auto it = ever_named_.find(files_[index].name);
  if (it == ever_named_.end()) it = ever_named_.emplace(files_[index].name, std::vector<int>{}).first;
  std::vector<int>& v = it->second;
  auto pos = std::lower_bound(v.begin(), v.end(), index);
  if (pos == v.end() || *pos != index) v.insert(pos, index);
}

const std::vector<int>& DriveModel::FilesEverNamed(std::string_view name) const {
  static const std::vector<int> kNone;
  auto it = ever_named_.find(name);
  return it == ever_named_.end() ? kNone : it->second;
}

Instant DriveModel::DrawIndexedAt(ExecutionId who, Instant now) {
  if (knobs_.name_index_lag_max <= Duration(0)) return now;
  Rng& rng = ActorStream(index_rngs_, seed_, "drive.index_lag", who);
  return now + Duration(rng.Range(knobs_.name_index_lag_min.count(), knobs_.name_index_lag_max.count()));
}

Instant DriveModel::DrawVisibleAt(ExecutionId who, Instant now) {
  if (knobs_.lag_max <= Duration(0)) return now;
  Rng& rng = ActorStream(lag_rngs_, seed_, "drive.lag", who);
  return now + Duration(rng.Range(knobs_.lag_min.count(), knobs_.lag_max.count()));
}

DriveFile DriveModel::Seed(std::string_view parent_id, std::string_view name,
                           std::string_view mime_type, Instant modified_time) {
  const int parent = IndexOf(parent_id);
  LOCKSTEP_CHECK_MSG(parent >= 0, "seeding under a missing parent");
  DriveFile f{.id = NewId(kNoExecution), .name = std::string(name), .mime_type = std::string(mime_type),
              .parent_id = std::string(parent_id), .trashed = false,
              .created_time = modified_time, .modified_time = modified_time};
  const int index = static_cast<int>(files_.size());
  PushFile(f, {}, {});
  AddChild(parent, index);
  return f;
}

StatusOr<FileList> DriveModel::ListChildren(ExecutionId caller, Instant now,
                                            const ListChildrenRequest& request) {
  const bool everywhere = request.parent_id.empty();
  const int parent = everywhere ? 0 : IndexOf(request.parent_id);
  if (parent < 0) return DriveNotFound(request.parent_id);
  if (request.page_size < 1 || request.page_size > knobs_.page_size_max) {
    return BadRequest("invalid", fmt::format("Invalid value for pageSize: {}", request.page_size));
  }
  size_t offset = 0;
  if (!request.page_token.empty()) {
    const char* end = request.page_token.data() + request.page_token.size();
    auto [p, ec] = std::from_chars(request.page_token.data(), end, offset);
    if (ec != std::errc() || p != end) {
      return BadRequest("invalid", "Invalid Value");  // Drive's answer to a foreign page token
    }
  }
  // A parent's children in creation order, or (no parent: a search of all of My Drive, as
  // DriveApp.getFoldersByName does) every file but the root, in creation order.
  const std::vector<int>* kids = everywhere ? nullptr : &children_[parent];
  const size_t count = everywhere ? files_.size() : kids->size();
  FileList out;
  size_t i = offset;
  for (; i < count && static_cast<int>(out.files.size()) < request.page_size; ++i) {
    const int index = everywhere ? static_cast<int>(i) : (*kids)[i];
    if (everywhere && (index == 0 || extras_[index].deleted)) continue;
    const DriveFile& f = files_[index];
    if (f.trashed && !knobs_.list_includes_trashed) continue;
    if (!KindMatches(request.kind, f)) continue;
    if (!request.name_equals.empty() && !NameIndexMatches(index, request.name_equals, caller, now)) continue;
    const Visibility& v = visibility_[index];
    if (!everywhere && v.writer != caller && now < v.visible_at) {
      ++hidden_by_lag_;
      continue;
    }
    out.files.push_back(f);
  }
  if (i < count) out.next_page_token = std::to_string(i);
  return out;
}

bool DriveModel::NameIndexMatches(int index, std::string_view name, ExecutionId caller, Instant now) const {
  const DriveFile& f = files_[index];
  const Extra& e = extras_[index];
  // What the name index holds for this caller: its own writes at once, others' after the lag.
  if (e.name_writer == caller || now >= e.name_indexed_at) return f.name == name;
  return !e.previous_name.empty() && e.previous_name == name;
}

StatusOr<DriveFile> DriveModel::Get(std::string_view id) const {
  const int i = IndexOf(id);
  if (i < 0) return DriveNotFound(id);
  return files_[i];
}

StatusOr<DriveFile> DriveModel::Create(ExecutionId caller, Instant now,
                                       const CreateFileRequest& request) {
  const int parent = IndexOf(request.parent_id);
  if (parent < 0) return DriveNotFound(request.parent_id);
  if (!files_[parent].IsFolder()) {
    return BadRequest("badRequest", "The parent is not a folder.");
  }
  std::string id;
  if (!request.id.empty()) {
    if (IndexOf(request.id) >= 0) {
      return Status(StatusCode::kAlreadyExists, 409, "duplicate",
                    "The requested identifier already exists.");
    }
    auto reserved = reserved_ids_.find(request.id);
    if (reserved == reserved_ids_.end()) {
      return BadRequest("invalid", "The provided file ID is not usable.");
    }
    reserved_ids_.erase(reserved);
    id = std::string(request.id);
  } else {
    id = NewId(caller);
  }
  DriveFile f{.id = std::move(id),
              .name = request.name.empty() ? std::string("Untitled") : std::string(request.name),
              .mime_type = request.mime_type.empty() ? std::string("application/octet-stream")
                                                     : std::string(request.mime_type),
              .parent_id = std::string(request.parent_id), .trashed = false,
              .created_time = now, .modified_time = now};
  const int index = static_cast<int>(files_.size());
  Extra extra;
  extra.content = std::string(request.content);
  extra.name_writer = caller;
  extra.name_indexed_at = DrawIndexedAt(caller, now);
  PushFile(f, {caller, DrawVisibleAt(caller, now)}, std::move(extra));
  AddChild(parent, index);
  return f;
}

StatusOr<DriveFile> DriveModel::Update(ExecutionId caller, Instant now, std::string_view id,
                                       const FileUpdate& update) {
  const int index = IndexOf(id);
  if (index < 0) return DriveNotFound(id);
  if (update.new_parent_id && *update.new_parent_id != files_[index].parent_id) {
    const int new_parent = IndexOf(*update.new_parent_id);
    if (new_parent < 0) return DriveNotFound(*update.new_parent_id);
    if (!files_[new_parent].IsFolder()) return BadRequest("badRequest", "The parent is not a folder.");
    if (IsAncestor(index, new_parent)) {
      return BadRequest("badRequest", "Adding this parent would create a cycle.");
    }
    const std::string old_parent = files_[index].parent_id;
    RemoveChild(IndexOf(old_parent), index);
    AddChild(new_parent, index);
    files_[index].parent_id = *update.new_parent_id;
    visibility_[index] = {caller, DrawVisibleAt(caller, now)};
    if (knobs_.move_touches_parents) {
      Touch(old_parent, now);
      Touch(*update.new_parent_id, now);
    }
  }
  if (update.name && *update.name != files_[index].name) {
    Extra& e = extras_[index];
    // Others' name searches keep seeing what they saw: the old name until the index catches up.
    const bool indexed = now >= e.name_indexed_at;
    if (indexed) e.previous_name = files_[index].name;
    e.name_writer = caller;
    e.name_indexed_at = DrawIndexedAt(caller, now);
    files_[index].name = *update.name;
    NoteName(index);
  }
  if (update.trashed) files_[index].trashed = *update.trashed;
  files_[index].modified_time = now;
  return files_[index];
}

Status DriveModel::SetContent(ExecutionId caller, Instant now, std::string_view id, std::string content) {
  const int index = IndexOf(id);
  if (index < 0) return DriveNotFound(id);
  if (files_[index].IsFolder()) {
    return Status(StatusCode::kInvalidArgument, 400, "badRequest", "Folders have no content.");
  }
  (void)caller;
  extras_[index].content = std::move(content);
  files_[index].modified_time = now;
  return Status();
}

StatusOr<std::string> DriveModel::Content(std::string_view id) const {
  const int index = IndexOf(id);
  if (index < 0) return DriveNotFound(id);
  return extras_[index].content;
}

size_t DriveModel::ContentSize(int index) const { return extras_[static_cast<size_t>(index)].content.size(); }

Status DriveModel::SetAppProperties(std::string_view id, const std::map<std::string, std::string>& props) {
  const int index = IndexOf(id);
  if (index < 0) return DriveNotFound(id);
  for (const auto& [k, v] : props) {
    if (v.empty()) extras_[index].app_properties.erase(k);
    else extras_[index].app_properties[k] = v;
  }
  return Status();
}

Status DriveModel::Delete(std::string_view id) {
  const int index = IndexOf(id);
  if (index <= 0) return index == 0 ? Status(StatusCode::kPermissionDenied, 403, "insufficientFilePermissions",
                                             "The root folder cannot be deleted.")
                                    : DriveNotFound(id);
  // Permanent, and for a folder its descendants too.
  std::vector<int> stack{index};
  while (!stack.empty()) {
    const int i = stack.back();
    stack.pop_back();
    for (int c : children_[i]) stack.push_back(c);
    children_[i].clear();
    extras_[i].deleted = true;
    index_by_id_.erase(files_[i].id);
  }
  RemoveChild(IndexOf(files_[index].parent_id), index);
  return Status();
}

Status DriveModel::Restore(const DriveFile& file, std::string content,
                           std::map<std::string, std::string> app_properties) {
  const int parent = IndexOf(file.parent_id);
  if (parent < 0) return DriveNotFound(file.parent_id);
  if (file.id.empty() || IndexOf(file.id) >= 0) {
    return Status(StatusCode::kAlreadyExists, 409, "duplicate", fmt::format("Duplicate or empty id '{}'", file.id));
  }
  const int index = static_cast<int>(files_.size());
  Extra e;
  e.content = std::move(content);
  e.app_properties = std::move(app_properties);
  PushFile(file, {}, std::move(e));
  AddChild(parent, index);
  return Status();
}

QueryView DriveModel::ViewOf(int index, ExecutionId caller, Instant now, const DriveQuery* query) const {
  const DriveFile& f = files_[index];
  const Extra& e = extras_[index];
  QueryView v;
  v.name = f.name;
  v.mime_type = f.mime_type;
  if (!f.parent_id.empty()) v.parents.push_back(f.parent_id);
  v.trashed = f.trashed;
  v.created_time = f.created_time;
  v.modified_time = f.modified_time;
  if (query == nullptr || query->ReadsContent()) v.content = e.content;
  if (query == nullptr || query->ReadsProperties()) v.app_properties = e.app_properties;
  const bool current = e.name_writer == caller || now >= e.name_indexed_at;
  v.indexed = current || !e.previous_name.empty();
  v.indexed_name = current ? f.name : e.previous_name;
  return v;
}

StatusOr<std::vector<std::string>> DriveModel::GenerateIds(ExecutionId caller, int count) {
  if (count < 1 || count > 1000) {
    return BadRequest("invalid", fmt::format("Invalid value for count: {}", count));
  }
  std::vector<std::string> ids;
  ids.reserve(count);
  for (int i = 0; i < count; ++i) {
    ids.push_back(NewId(caller));
    reserved_ids_.insert(ids.back());
  }
  return ids;
}

std::optional<FileCatalog::Entry> DriveModel::FindFile(std::string_view id) const {
  const int i = IndexOf(id);
  if (i < 0) return std::nullopt;
  return Entry{files_[i].name, files_[i].mime_type, files_[i].trashed};
}

StatusOr<std::string> DriveModel::CreateFile(ExecutionId caller, Instant now, std::string_view name,
                                             std::string_view mime_type) {
  StatusOr<DriveFile> f = Create(caller, now, CreateFileRequest{.parent_id = kRootId, .name = name, .mime_type = mime_type});
  if (!f.ok()) return f.status();
  return f->id;
}

Status DriveModel::RenameFile(ExecutionId caller, Instant now, std::string_view id, std::string_view name) {
  FileUpdate u;
  u.name = std::string(name);
  StatusOr<DriveFile> f = Update(caller, now, id, u);
  return f.ok() ? Status() : f.status();
}

}  // namespace lockstep::mocks
