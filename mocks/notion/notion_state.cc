// NotionModel::Dump and Load: the workspace as the admin state snapshot's "notion" object.
#include <algorithm>

#include "mocks/notion/notion_model.h"

namespace lockstep::mocks {

NJson NotionModel::Dump() const {
  NJson dbs = NJson::array();
  for (const auto& [id, db] : databases_) {
    dbs.push_back(NJson{{"id", id}, {"parent_page_id", db.parent_page_id}, {"title", db.title},
                        {"is_inline", db.is_inline}, {"in_trash", db.in_trash}, {"data_sources", db.data_sources}});
  }
  NJson sources = NJson::array();
  for (const auto& [id, ds] : data_sources_) {
    NJson props = NJson::array();
    for (const NotionProperty& p : ds.properties) {
      props.push_back(NJson{{"id", p.id}, {"name", p.name}, {"type", p.type}, {"config", p.config}});
    }
    sources.push_back(NJson{{"id", id}, {"database_id", ds.database_id}, {"title", ds.title},
                            {"in_trash", ds.in_trash}, {"properties", props}});
  }
  NJson pages = NJson::array();
  std::vector<const NotionPage*> ordered;
  for (const auto& [id, p] : pages_) ordered.push_back(&p);
  std::sort(ordered.begin(), ordered.end(), [](const NotionPage* a, const NotionPage* b) { return a->seq < b->seq; });
  for (const NotionPage* p : ordered) {
    NJson values = NJson::object();
    for (const auto& [k, v] : p->values) values[k] = v;
    pages.push_back(NJson{{"id", p->id}, {"data_source_id", p->data_source_id}, {"parent_page_id", p->parent_page_id},
                          {"in_trash", p->in_trash}, {"values", values}});
  }
  return NJson{{"root_page_id", root_page_id_}, {"databases", dbs}, {"data_sources", sources}, {"pages", pages}};
}

Status NotionModel::Load(const NJson& state, Instant now) {
  auto bad = [](const std::string& what) {
    return Status(StatusCode::kInvalidArgument, 400, "invalid", "state.notion: " + what);
  };
  if (!state.is_object()) return bad("expected an object");
  std::map<std::string, NotionDatabase> dbs;
  std::map<std::string, NotionDataSource> sources;
  std::map<std::string, NotionPage> pages;
  std::map<std::string, std::vector<std::string>> by_source;  // ids until the pages are in place
  int64_t seq = 1;
  try {
    for (const NJson& j : state.value("databases", NJson::array())) {
      NotionDatabase db;
      db.id = CanonicalNotionId(j.at("id").get<std::string>());
      if (db.id.empty()) return bad("a database id is not a Notion id");
      db.parent_page_id = CanonicalNotionId(j.value("parent_page_id", std::string()));
      db.title = j.value("title", std::string());
      db.is_inline = j.value("is_inline", false);
      db.in_trash = j.value("in_trash", false);
      for (const NJson& d : j.value("data_sources", NJson::array())) db.data_sources.push_back(CanonicalNotionId(d.get<std::string>()));
      db.created = db.edited = db.searchable_at = now;
      dbs[db.id] = db;
    }
    for (const NJson& j : state.value("data_sources", NJson::array())) {
      NotionDataSource ds;
      ds.id = CanonicalNotionId(j.at("id").get<std::string>());
      ds.database_id = CanonicalNotionId(j.at("database_id").get<std::string>());
      if (ds.id.empty() || !dbs.count(ds.database_id)) return bad("a data source needs an id and a known database_id");
      ds.title = j.value("title", std::string());
      ds.in_trash = j.value("in_trash", false);
      for (const NJson& p : j.value("properties", NJson::array())) {
        ds.properties.push_back(NotionProperty{p.at("id").get<std::string>(), p.at("name").get<std::string>(),
                                               p.at("type").get<std::string>(), p.value("config", NJson::object())});
      }
      ds.created = ds.edited = now;
      sources[ds.id] = ds;
      by_source[ds.id];
    }
    for (const NJson& j : state.value("pages", NJson::array())) {
      NotionPage p;
      p.id = CanonicalNotionId(j.at("id").get<std::string>());
      if (p.id.empty()) return bad("a page id is not a Notion id");
      p.data_source_id = CanonicalNotionId(j.value("data_source_id", std::string()));
      p.parent_page_id = CanonicalNotionId(j.value("parent_page_id", std::string()));
      if (!p.data_source_id.empty() && !sources.count(p.data_source_id)) return bad("a page's data source is unknown");
      p.in_trash = j.value("in_trash", false);
      const NJson values = j.value("values", NJson::object());
      for (auto it = values.begin(); it != values.end(); ++it) p.values[it.key()] = it.value();
      p.created = p.edited = p.searchable_at = now;
      p.seq = seq++;
      if (!p.data_source_id.empty()) by_source[p.data_source_id].push_back(p.id);
      pages[p.id] = std::move(p);
    }
  } catch (const NJson::exception& e) {
    return bad(e.what());
  }
  for (const auto& [id, db] : dbs) {
    for (const std::string& ds : db.data_sources) {
      if (!sources.count(ds)) return bad("database " + id + " lists an unknown data source");
    }
  }
  databases_ = std::move(dbs);
  data_sources_ = std::move(sources);
  pages_ = std::move(pages);
  pages_by_source_.clear();
  for (const auto& [ds, ids] : by_source) {
    std::vector<NotionPage*>& list = pages_by_source_[ds];
    for (const std::string& id : ids) list.push_back(&pages_[id]);
  }
  next_seq_ = seq;
  const std::string root = CanonicalNotionId(state.value("root_page_id", std::string()));
  root_page_id_ = pages_.count(root) ? root : (pages_.empty() ? "" : pages_.begin()->first);
  return Status();
}

}  // namespace lockstep::mocks
