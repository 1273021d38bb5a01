// The Apps Script calls of one execution (internal/gas_calls.h). Every call that touches shared
// state goes through a seam, so it is a scheduling point with the seam's latency, faults and
// trace step; the answers carry what the shims of js/ turn into Apps Script objects.
#include <algorithm>

#include <fmt/format.h>

#include "mocks/apps_script/runtime/internal/gas_calls.h"

namespace lockstep::mocks::internal {
namespace {

using Json = nlohmann::json;

constexpr std::string_view kNoSuchItem =
    "No item with the given ID could be found. Or perhaps you do not have permission to access it.";

CallAnswer Ok(Json result) { return CallAnswer{std::move(result), std::nullopt}; }
CallAnswer Fail(std::string message) { return CallAnswer{nullptr, std::move(message)}; }

// The platform's message for a failed Drive call.
CallAnswer DriveFail(const Status& s) {
  if (s.code() == StatusCode::kNotFound) return Fail(std::string(kNoSuchItem));
  return Fail(fmt::format("{} ({})", s.message(), s.reason().empty() ? StatusCodeName(s.code()) : s.reason()));
}

CallAnswer ServiceFail(std::string_view service, const Status& s) {
  return Fail(fmt::format("{}{}", s.message().empty() ? std::string(service) + " failed" : std::string(s.message()),
                          s.http_status() >= 500 ? fmt::format(" (HTTP {})", s.http_status()) : ""));
}

std::string Str(const Json& args, const char* key) {
  auto it = args.find(key);
  return it == args.end() || !it->is_string() ? std::string() : it->get<std::string>();
}

int64_t Int(const Json& args, const char* key, int64_t fallback = 0) {
  auto it = args.find(key);
  return it == args.end() || !it->is_number() ? fallback : it->get<int64_t>();
}

Json FileJson(const DriveFile& f) {
  return Json{{"id", f.id},           {"name", f.name},
              {"mime", f.mime_type},  {"parent", f.parent_id},
              {"trashed", f.trashed}, {"created", ToUnixMs(f.created_time)},
              {"modified", ToUnixMs(f.modified_time)}};
}

void Observe(CallState& c, GasEffect effect) {
  if (c.observer) c.observer(c.start.execution, effect);
}

// A Drive call; `bytes` is the request's payload (a create's or a write's content).
CallAnswer DriveCall(CallState& c, std::string_view op, const Json& a, std::string& bytes) {
  DriveApi& drive = c.services.drive;
  if (op == "drive.get") {
    StatusOr<DriveFile> f = drive.Get(Str(a, "id"));
    return f.ok() ? Ok(FileJson(*f)) : DriveFail(f.status());
  }
  if (op == "drive.list") {
    const std::string parent = Str(a, "parent");
    const bool folders = Str(a, "kind") == "folders";
    const std::string name = Str(a, "name");
    const std::string mime = Str(a, "mime");
    const std::string token = Str(a, "token");
    ListChildrenRequest r{.parent_id = parent, .kind = folders ? ChildKind::kFolders : ChildKind::kFiles,
                          .name_equals = name, .page_token = token,
                          .page_size = static_cast<int>(std::clamp<int64_t>(Int(a, "size", 100), 1, 1000))};
    StatusOr<FileList> page = drive.ListChildren(r);
    if (!page.ok()) return DriveFail(page.status());
    Json files = Json::array();
    GasEffect effect{.kind = GasEffect::Kind::kList, .parent = parent, .folders = folders,
                     .first_page = token.empty(), .last_page = page->next_page_token.empty()};
    for (const DriveFile& f : page->files) {
      if (!mime.empty() && f.mime_type != mime) continue;
      files.push_back(FileJson(f));
      effect.names.push_back(f.name);
    }
    Observe(c, std::move(effect));
    return Ok(Json{{"files", std::move(files)}, {"next", page->next_page_token}});
  }
  if (op == "drive.create") {
    const std::string parent = Str(a, "parent");
    const std::string name = Str(a, "name");
    const std::string mime = Str(a, "mime");
    StatusOr<DriveFile> f = drive.Create(CreateFileRequest{.parent_id = parent, .name = name, .mime_type = mime,
                                                           .content = std::move(bytes)});
    if (!f.ok()) return DriveFail(f.status());
    Observe(c, GasEffect{.kind = GasEffect::Kind::kCreate, .parent = parent, .name = name, .mime = mime});
    return Ok(FileJson(*f));
  }
  if (op == "drive.update") {
    FileUpdate u;
    if (a.contains("name")) u.name = Str(a, "name");
    if (a.contains("parent")) u.new_parent_id = Str(a, "parent");
    if (a.contains("trashed")) u.trashed = a["trashed"].get<bool>();
    StatusOr<DriveFile> f = drive.Update(Str(a, "id"), u);
    if (!f.ok()) return DriveFail(f.status());
    Observe(c, GasEffect{.kind = GasEffect::Kind::kUpdate, .parent = f->parent_id, .name = f->name, .mime = f->mime_type,
                         .trashed = f->trashed});
    return Ok(FileJson(*f));
  }
  if (op == "drive.read" || op == "drive.size") {
    StatusOr<std::string> content = drive.GetContent(Str(a, "id"));
    if (!content.ok()) return DriveFail(content.status());
    if (op == "drive.size") return Ok(static_cast<int64_t>(content->size()));
    CallAnswer answer = Ok(nullptr);
    answer.payload = std::move(*content);
    return answer;
  }
  if (op == "drive.write") {
    const std::string id = Str(a, "id");
    Status s = drive.SetContent(id, bytes);
    if (!s.ok()) return DriveFail(s);
    Observe(c, GasEffect{.kind = GasEffect::Kind::kWrite, .name = Str(a, "name")});
    return Ok(nullptr);
  }
  return Fail(fmt::format("lockstep: unknown Drive call {}", op));
}

CallAnswer LockCall(CallState& c, std::string_view op, const Json& a) {
  const int64_t handle = Int(a, "h");
  std::unique_ptr<Lock>& lock = c.locks[handle];
  if (!lock) {
    lock = Str(a, "scope") == "user" ? c.services.locks.GetUserLock() : c.services.locks.GetScriptLock();
    if (!lock) return Fail("lockstep: no lock of that scope");
  }
  const Duration timeout(std::max<int64_t>(0, Int(a, "ms")));
  if (op == "lock.try") {
    StatusOr<bool> got = lock->TryLock(timeout);
    return got.ok() ? Ok(*got) : ServiceFail("LockService", got.status());
  }
  if (op == "lock.wait") {
    Status s = lock->WaitLock(timeout);
    if (s.ok()) return Ok(nullptr);
    return Fail(s.code() == StatusCode::kDeadlineExceeded ? std::string(kLockTimeoutMessage) : std::string(s.message()));
  }
  if (op == "lock.has") return Ok(lock->HasLock());
  if (op == "lock.release") {
    Status s = lock->ReleaseLock();
    return s.ok() ? Ok(nullptr) : ServiceFail("LockService", s);
  }
  return Fail(fmt::format("lockstep: unknown lock call {}", op));
}

CallAnswer PropsCall(CallState& c, std::string_view op, const Json& a) {
  ScriptProperties& store = Str(a, "store") == "user" ? c.services.user_properties : c.services.script_properties;
  if (op == "props.get") {
    StatusOr<std::optional<std::string>> v = store.GetProperty(Str(a, "key"));
    if (!v.ok()) return ServiceFail("PropertiesService", v.status());
    return Ok(*v ? Json(**v) : Json(nullptr));
  }
  if (op == "props.set") {
    Status s = store.SetProperty(Str(a, "key"), Str(a, "value"));
    return s.ok() ? Ok(nullptr) : ServiceFail("PropertiesService", s);
  }
  if (op == "props.delete") {
    Status s = store.DeleteProperty(Str(a, "key"));
    return s.ok() ? Ok(nullptr) : ServiceFail("PropertiesService", s);
  }
  if (op == "props.all") {
    StatusOr<std::map<std::string, std::string>> all = store.GetProperties();
    if (!all.ok()) return ServiceFail("PropertiesService", all.status());
    return Ok(Json(*all));
  }
  if (op == "props.set_all") {
    std::map<std::string, std::string> values;
    const Json given = a.contains("values") && a["values"].is_object() ? a["values"] : Json::object();
    for (const auto& [k, v] : given.items()) values[k] = v.is_string() ? v.get<std::string>() : v.dump();
    Status s = store.SetProperties(values, a.value("delete_others", false));
    return s.ok() ? Ok(nullptr) : ServiceFail("PropertiesService", s);
  }
  return Fail(fmt::format("lockstep: unknown properties call {}", op));
}

CallAnswer CacheCall(CallState& c, std::string_view op, const Json& a) {
  CacheService& cache = c.services.cache;
  const CacheScope scope = Str(a, "scope") == "user" ? CacheScope::kUser : CacheScope::kScript;
  auto keys = [&a] {
    std::vector<std::string> out;
    if (!a.contains("keys") || !a["keys"].is_array()) return out;
    for (const Json& k : a["keys"]) {
      if (k.is_string()) out.push_back(k.get<std::string>());
    }
    return out;
  };
  if (op == "cache.get") {
    StatusOr<std::optional<std::string>> v = cache.Get(scope, Str(a, "key"));
    if (!v.ok()) return ServiceFail("CacheService", v.status());
    return Ok(*v ? Json(**v) : Json(nullptr));
  }
  if (op == "cache.get_all") {
    StatusOr<std::map<std::string, std::string>> v = cache.GetAll(scope, keys());
    return v.ok() ? Ok(Json(*v)) : ServiceFail("CacheService", v.status());
  }
  if (op == "cache.put" || op == "cache.put_all") {
    std::map<std::string, std::string> values;
    if (op == "cache.put") {
      values[Str(a, "key")] = Str(a, "value");
    } else if (a.contains("values") && a["values"].is_object()) {
      for (const auto& [k, v] : a["values"].items()) values[k] = v.is_string() ? v.get<std::string>() : v.dump();
    }
    Status s = cache.Put(scope, values, Duration(Int(a, "ttl_s", 600) * 1000));
    return s.ok() ? Ok(nullptr) : ServiceFail("CacheService", s);
  }
  if (op == "cache.remove") {
    Status s = cache.Remove(scope, keys());
    return s.ok() ? Ok(nullptr) : ServiceFail("CacheService", s);
  }
  return Fail(fmt::format("lockstep: unknown cache call {}", op));
}

// A fetch; `body` is the request's payload, and the answer's is the response's body.
CallAnswer FetchCall(CallState& c, const Json& a, std::string& body) {
  FetchRequest r;
  r.method = Str(a, "method");
  r.url = Str(a, "url");
  if (a.contains("headers") && a["headers"].is_object()) {
    for (const auto& [k, v] : a["headers"].items()) r.headers.emplace_back(k, v.is_string() ? v.get<std::string>() : v.dump());
  }
  r.body = std::move(body);
  Observe(c, GasEffect{.kind = GasEffect::Kind::kFetch, .url = r.url});
  StatusOr<FetchResponse> resp = c.services.fetch.Fetch(r);
  if (!resp.ok()) return Fail(std::string(resp.status().message()));
  Json headers = Json::object();
  for (const auto& [name, value] : resp->headers) {
    if (!headers.contains(name)) {
      headers[name] = value;
    } else {
      if (!headers[name].is_array()) headers[name] = Json::array({headers[name]});
      headers[name].push_back(value);
    }
  }
  CallAnswer answer = Ok(Json{{"status", resp->status}, {"headers", std::move(headers)}});
  answer.payload = std::move(resp->body);
  return answer;
}

Json SpreadsheetJson(const SpreadsheetInfo& s) {
  Json sheets = Json::array();
  for (const SheetInfo& t : s.sheets) sheets.push_back(Json{{"id", t.sheet_id}, {"title", t.title}});
  return Json{{"id", s.id}, {"title", s.title}, {"url", s.url}, {"sheets", std::move(sheets)}};
}

ValueRows RowsOf(const Json& a) {
  ValueRows rows;
  if (!a.contains("rows") || !a["rows"].is_array()) return rows;
  for (const Json& row : a["rows"]) {
    std::vector<std::string> cells;
    for (const Json& cell : row) cells.push_back(cell.is_string() ? cell.get<std::string>() : cell.dump());
    rows.push_back(std::move(cells));
  }
  return rows;
}

CallAnswer SheetsCall(CallState& c, std::string_view op, const Json& a) {
  SheetsApi* sheets = c.services.sheets;
  if (sheets == nullptr) return Fail("lockstep: this scenario has no Sheets service (SpreadsheetApp is unavailable)");
  const std::string id = Str(a, "id");
  if (op == "sheets.create") {
    StatusOr<SpreadsheetInfo> s = sheets->Create(Str(a, "title"), {});
    return s.ok() ? Ok(SpreadsheetJson(*s)) : ServiceFail("SpreadsheetApp", s.status());
  }
  if (op == "sheets.get") {
    StatusOr<SpreadsheetInfo> s = sheets->Get(id);
    if (!s.ok()) return s.status().code() == StatusCode::kNotFound ? Fail(std::string(kNoSuchItem)) : ServiceFail("SpreadsheetApp", s.status());
    return Ok(SpreadsheetJson(*s));
  }
  if (op == "sheets.add_sheet") {
    StatusOr<int64_t> sheet = sheets->AddSheet(id, Str(a, "title"));
    return sheet.ok() ? Ok(*sheet) : ServiceFail("SpreadsheetApp", sheet.status());
  }
  if (op == "sheets.values") {
    StatusOr<ValueRows> rows = sheets->GetValues(id, Str(a, "range"));
    return rows.ok() ? Ok(Json(*rows)) : ServiceFail("SpreadsheetApp", rows.status());
  }
  if (op == "sheets.update") {
    Status s = sheets->UpdateValues(id, Str(a, "range"), RowsOf(a), ValueInput::kUserEntered);
    return s.ok() ? Ok(nullptr) : ServiceFail("SpreadsheetApp", s);
  }
  if (op == "sheets.append") {
    StatusOr<std::string> range = sheets->AppendValues(id, Str(a, "range"), RowsOf(a), ValueInput::kUserEntered);
    return range.ok() ? Ok(*range) : ServiceFail("SpreadsheetApp", range.status());
  }
  if (op == "sheets.clear") {
    Status s = sheets->ClearValues(id, Str(a, "range"));
    return s.ok() ? Ok(nullptr) : ServiceFail("SpreadsheetApp", s);
  }
  return Fail(fmt::format("lockstep: unknown Sheets call {}", op));
}

CallAnswer TriggerCall(CallState& c, std::string_view op, const Json& a) {
  ScriptTriggers& triggers = c.services.triggers;
  auto record = [](const TriggerRecord& t) { return Json{{"id", t.id}, {"handler", t.handler}}; };
  if (op == "trigger.create") {
    Json spec = a;
    spec.erase("handler");
    StatusOr<TriggerRecord> t = triggers.Create(Str(a, "handler"), spec.dump());
    return t.ok() ? Ok(record(*t)) : ServiceFail("ScriptApp", t.status());
  }
  if (op == "trigger.list") {
    StatusOr<std::vector<TriggerRecord>> list = triggers.List();
    if (!list.ok()) return ServiceFail("ScriptApp", list.status());
    Json out = Json::array();
    for (const TriggerRecord& t : *list) out.push_back(record(t));
    return Ok(std::move(out));
  }
  if (op == "trigger.delete") {
    Status s = triggers.Delete(Str(a, "id"));
    return s.ok() ? Ok(nullptr) : ServiceFail("ScriptApp", s);
  }
  return Fail(fmt::format("lockstep: unknown ScriptApp call {}", op));
}

}  // namespace

CallAnswer ServeCall(CallState& state, std::string_view op, const Json& args, std::string& payload) {
  if (op.rfind("drive.", 0) == 0) return DriveCall(state, op, args, payload);
  if (op.rfind("lock.", 0) == 0) return LockCall(state, op, args);
  if (op.rfind("props.", 0) == 0) return PropsCall(state, op, args);
  if (op.rfind("cache.", 0) == 0) return CacheCall(state, op, args);
  if (op.rfind("sheets.", 0) == 0) return SheetsCall(state, op, args);
  if (op.rfind("trigger.", 0) == 0) return TriggerCall(state, op, args);
  if (op == "fetch") return FetchCall(state, args, payload);
  if (op == "sleep") {
    state.services.clock.Sleep(Duration(std::max<int64_t>(0, Int(args, "ms"))));
    return Ok(nullptr);
  }
  return Fail(fmt::format("lockstep: unknown Apps Script call {}", op));
}

}  // namespace lockstep::mocks::internal
