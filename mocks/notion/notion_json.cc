// NotionService's object renderers: pages, databases and data sources as each API version shows them.
#include "mocks/notion/notion_service.h"

#include "mocks/common/json_writer.h"

namespace lockstep::mocks {
namespace {

constexpr const char* kBotId = "5e0b1f1d-1a2b-4c3d-8e4f-000000000b07";

NJson RichText(const std::string& text) {
  return NJson::array({NJson{{"type", "text"},
                             {"text", {{"content", text}, {"link", nullptr}}},
                             {"annotations", {{"bold", false}, {"italic", false}, {"strikethrough", false},
                                              {"underline", false}, {"code", false}, {"color", "default"}}},
                             {"plain_text", text},
                             {"href", nullptr}}});
}

NJson User() { return NJson{{"object", "user"}, {"id", kBotId}}; }

std::string Url(const std::string& id) {
  std::string url = "https://www.notion.so/";
  url.reserve(url.size() + id.size());
  for (char c : id) {
    if (c != '-') url += c;
  }
  return url;
}

}  // namespace

void NotionService::WritePage(JsonWriter& w, const NotionPage& p, bool new_version,
                              const std::set<std::string>* only) const {
  static const std::string kUser = User().dump();
  const NotionDataSource* ds = p.data_source_id.empty() ? nullptr : &model_.data_sources().at(p.data_source_id);
  Rfc3339Text created;
  Rfc3339Text edited;
  w.BeginObject()
      .Key("object").String("page")
      .Key("id").String(p.id)
      .Key("created_time").String(FormatRfc3339(model_.Stamp(p.created), created))
      .Key("last_edited_time").String(FormatRfc3339(model_.Stamp(p.edited), edited))
      .Key("created_by").Raw(kUser)
      .Key("last_edited_by").Raw(kUser)
      .Key("cover").Null()
      .Key("icon").Null()
      .Key("parent").BeginObject();
  if (ds != nullptr && new_version) {
    w.Key("type").String("data_source_id").Key("data_source_id").String(ds->id).Key("database_id").String(ds->database_id);
  } else if (ds != nullptr) {
    w.Key("type").String("database_id").Key("database_id").String(ds->database_id);
  } else if (!p.parent_page_id.empty()) {
    w.Key("type").String("page_id").Key("page_id").String(p.parent_page_id);
  } else {
    w.Key("type").String("workspace").Key("workspace").Bool(true);
  }
  w.EndObject().Key("archived").Bool(p.in_trash).Key("in_trash").Bool(p.in_trash).Key("properties").BeginObject();
  if (ds != nullptr) {
    for (const NotionProperty& prop : ds->properties) {
      if (only != nullptr && only->count(prop.id) == 0 && only->count(prop.name) == 0) continue;
      w.KeyText(prop.name);
      model_.WritePropertyValue(w, p, prop);
    }
  } else {
    w.Key("title");
    model_.WritePropertyValue(w, p, NotionProperty{"title", "title", "title", NJson::object()});
  }
  w.EndObject().Key("url").String(Url(p.id)).Key("public_url").Null().EndObject();
}

std::string NotionService::PageText(const NotionPage& p, bool new_version, const std::set<std::string>* only) const {
  JsonWriter w(1024);
  WritePage(w, p, new_version, only);
  return w.Take();
}

NJson NotionService::DatabaseJson(const NotionDatabase& db, bool new_version) const {
  NJson j{{"object", "database"},
          {"id", db.id},
          {"cover", nullptr},
          {"icon", nullptr},
          {"created_time", FormatRfc3339(model_.Stamp(db.created))},
          {"created_by", User()},
          {"last_edited_by", User()},
          {"last_edited_time", FormatRfc3339(model_.Stamp(db.edited))},
          {"title", RichText(db.title)},
          {"description", NJson::array()},
          {"is_inline", db.is_inline}};
  if (new_version) {
    NJson sources = NJson::array();
    for (const std::string& id : db.data_sources) {
      sources.push_back(NJson{{"id", id}, {"name", model_.data_sources().at(id).title}});
    }
    j["data_sources"] = sources;
  } else {
    NJson props = NJson::object();
    if (!db.data_sources.empty()) {
      for (const NotionProperty& p : model_.data_sources().at(db.data_sources.front()).properties) {
        props[p.name] = NotionModel::SchemaJson(p);
      }
    }
    j["properties"] = props;
  }
  j["parent"] = db.parent_page_id.empty() ? NJson{{"type", "workspace"}, {"workspace", true}}
                                          : NJson{{"type", "page_id"}, {"page_id", db.parent_page_id}};
  j["url"] = Url(db.id);
  j["public_url"] = nullptr;
  j["archived"] = db.in_trash;
  j["in_trash"] = db.in_trash;
  return j;
}

NJson NotionService::DataSourceJson(const NotionDataSource& ds) const {
  NJson props = NJson::object();
  for (const NotionProperty& p : ds.properties) props[p.name] = NotionModel::SchemaJson(p);
  const NotionDatabase& db = model_.databases().at(ds.database_id);
  return NJson{{"object", "data_source"},
               {"id", ds.id},
               {"created_time", FormatRfc3339(model_.Stamp(ds.created))},
               {"last_edited_time", FormatRfc3339(model_.Stamp(ds.edited))},
               {"created_by", User()},
               {"last_edited_by", User()},
               {"properties", props},
               {"parent", {{"type", "database_id"}, {"database_id", ds.database_id}}},
               {"database_parent", db.parent_page_id.empty() ? NJson{{"type", "workspace"}, {"workspace", true}}
                                                             : NJson{{"type", "page_id"}, {"page_id", db.parent_page_id}}},
               {"title", RichText(ds.title)},
               {"description", NJson::array()},
               {"archived", ds.in_trash},
               {"in_trash", ds.in_trash},
               {"url", Url(ds.id)}};
}

}  // namespace lockstep::mocks
