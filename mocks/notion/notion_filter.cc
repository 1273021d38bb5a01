// NotionModel::Matches: the query filter language of both API versions, evaluated on one page.
#include <algorithm>
#include <cctype>
#include <iterator>

#include <fmt/format.h>

#include "mocks/common/rfc3339.h"
#include "mocks/notion/notion_model.h"

namespace lockstep::mocks {
namespace {

Status Validation(std::string message) {
  return Status(StatusCode::kInvalidArgument, 400, "validation_error", std::move(message));
}

bool ParseDate(const std::string& s, Instant& out) {
  if (s.size() == 10) return ParseRfc3339(s + "T00:00:00Z", out);
  return ParseRfc3339(s, out);
}

std::string Lower(std::string s) {
  for (char& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return s;
}

}  // namespace

Status NotionModel::ValidateFilter(const NotionDataSource& ds, const NJson& filter) const {
  if (!filter.is_object()) return Validation("body.filter should be an object");
  for (const char* compound : {"and", "or"}) {
    if (!filter.contains(compound)) continue;
    if (!filter[compound].is_array()) return Validation(fmt::format("body.filter.{} should be an array", compound));
    for (const NJson& f : filter[compound]) {
      Status s = ValidateFilter(ds, f);
      if (!s.ok()) return s;
    }
    return Status();
  }
  // A condition alone: evaluated on a page with no values, which any data source may hold.
  NotionPage empty;
  empty.data_source_id = ds.id;
  StatusOr<bool> m = Matches(empty, ds, filter);
  return m.ok() ? Status() : m.status();
}

StatusOr<bool> NotionModel::Matches(const NotionPage& page, const NotionDataSource& ds, const NJson& filter) const {
  if (!filter.is_object()) return Validation("body.filter should be an object");
  for (const char* compound : {"and", "or"}) {
    if (!filter.contains(compound)) continue;
    if (!filter[compound].is_array()) return Validation(fmt::format("body.filter.{} should be an array", compound));
    const bool is_and = std::string_view(compound) == "and";
    for (const NJson& f : filter[compound]) {
      StatusOr<bool> m = Matches(page, ds, f);
      if (!m.ok()) return m;
      if (*m != is_and) return !is_and;
    }
    return is_and;
  }
  std::string type;  // how the value compares
  std::string key;   // the condition's key in the filter
  NJson computed;
  const NJson* value_ref = &computed;  // the stored value when there is one (not copied)
  if (filter.contains("timestamp")) {
    key = filter["timestamp"].is_string() ? filter["timestamp"].get<std::string>() : "";
    if (key != "created_time" && key != "last_edited_time") {
      return Validation("body.filter.timestamp should be created_time or last_edited_time");
    }
    computed = FormatRfc3339(Stamp(key == "created_time" ? page.created : page.edited));
    type = "date";
  } else {
    if (!filter.contains("property") || !filter["property"].is_string()) {
      return Validation("body.filter should have a property, a timestamp, `and` or `or`");
    }
    const NotionProperty* p = ds.Find(filter["property"].get<std::string>());
    if (p == nullptr) {
      return Validation(fmt::format("Could not find property with name or id: {}", filter["property"].get<std::string>()));
    }
    type = key = p->type;
    if (type == "created_time" || type == "last_edited_time") {
      computed = FormatRfc3339(Stamp(type == "created_time" ? page.created : page.edited));
    } else if (const NJson* stored = StoredValue(page, *p)) {
      value_ref = stored;
    } else {
      computed = type == "checkbox" ? NJson(false)
              : type == "title" || type == "rich_text" || type == "multi_select" || type == "relation" ? NJson::array()
                                                                                                       : NJson();
    }
    if (type == "created_time" || type == "last_edited_time") {
      type = "date";
      if (filter.contains("date")) key = "date";
    }
  }
  const NJson cond_holder = filter.contains(key) ? filter[key] : NJson();
  if (!cond_holder.is_object() || cond_holder.size() != 1) {
    return Validation(fmt::format("body.filter.{} should be defined, with one condition", key));
  }
  const std::string op = cond_holder.begin().key();
  const NJson& arg = cond_holder.begin().value();
  const NJson& value = *value_ref;
  auto bad_op = [&] { return Validation(fmt::format("body.filter.{}: unsupported condition {}", key, op)); };
  if (op == "is_empty" || op == "is_not_empty") {
    const bool empty = value.is_null() || (value.is_array() && value.empty()) ||
                       (value.is_string() && value.get<std::string>().empty()) || (value.is_boolean() && !value);
    return op == "is_empty" ? empty : !empty;
  }
  if (type == "title" || type == "rich_text" || type == "url" || type == "email" || type == "phone_number") {
    const std::string text = value.is_array() ? PlainText(value) : value.is_string() ? value.get<std::string>() : "";
    if (!arg.is_string()) return Validation(fmt::format("body.filter.{}.{} should be a string", key, op));
    const std::string a = arg;
    if (op == "equals") return text == a;
    if (op == "does_not_equal") return text != a;
    if (op == "contains") return Lower(text).find(Lower(a)) != std::string::npos;
    if (op == "does_not_contain") return Lower(text).find(Lower(a)) == std::string::npos;
    if (op == "starts_with") return text.rfind(a, 0) == 0;
    if (op == "ends_with") return text.size() >= a.size() && text.compare(text.size() - a.size(), a.size(), a) == 0;
    return bad_op();
  }
  if (type == "number") {
    if (!arg.is_number()) return Validation(fmt::format("body.filter.number.{} should be a number", op));
    static const char* kNumberOps[] = {"equals", "does_not_equal", "greater_than", "less_than",
                                       "greater_than_or_equal_to", "less_than_or_equal_to"};
    if (std::find(std::begin(kNumberOps), std::end(kNumberOps), op) == std::end(kNumberOps)) return bad_op();
    if (value.is_null()) return op == "does_not_equal";
    const double x = value.get<double>();
    const double a = arg.get<double>();
    if (op == "equals") return x == a;
    if (op == "does_not_equal") return x != a;
    if (op == "greater_than") return x > a;
    if (op == "less_than") return x < a;
    if (op == "greater_than_or_equal_to") return x >= a;
    if (op == "less_than_or_equal_to") return x <= a;
    return bad_op();
  }
  if (type == "checkbox") {
    if (!arg.is_boolean()) return Validation("body.filter.checkbox should be a boolean");
    if (op == "equals") return value == arg;
    if (op == "does_not_equal") return value != arg;
    return bad_op();
  }
  if (type == "select" || type == "status") {
    const std::string name = value.is_object() ? value.value("name", std::string()) : "";
    if (!arg.is_string()) return Validation(fmt::format("body.filter.{}.{} should be a string", key, op));
    if (op == "equals") return !value.is_null() && name == arg.get<std::string>();
    if (op == "does_not_equal") return value.is_null() || name != arg.get<std::string>();
    return bad_op();
  }
  if (type == "multi_select" || type == "relation") {
    if (!arg.is_string()) return Validation(fmt::format("body.filter.{}.{} should be a string", key, op));
    const std::string want = type == "relation" ? CanonicalNotionId(arg.get<std::string>()) : arg.get<std::string>();
    bool found = false;
    for (const NJson& x : value) found = found || x.value(type == "relation" ? "id" : "name", std::string()) == want;
    if (op == "contains") return found;
    if (op == "does_not_contain") return !found;
    return bad_op();
  }
  if (type == "date") {
    std::string start = value.is_object() ? value.value("start", std::string()) : value.is_string() ? value.get<std::string>() : "";
    if (!arg.is_string()) return Validation(fmt::format("body.filter.{}.{} should be an ISO 8601 date", key, op));
    Instant a, x;
    if (!ParseDate(arg, a)) return Validation(fmt::format("body.filter.{}.{} should be an ISO 8601 date", key, op));
    static const char* kDateOps[] = {"equals", "before", "after", "on_or_before", "on_or_after"};
    if (std::find(std::begin(kDateOps), std::end(kDateOps), op) == std::end(kDateOps)) return bad_op();
    if (start.empty() || !ParseDate(start, x)) return false;
    if (arg.get<std::string>().size() == 10) {  // a date: compare days
      x = std::chrono::floor<std::chrono::days>(x);
    }
    if (op == "equals") return x == a;
    if (op == "before") return x < a;
    if (op == "after") return x > a;
    if (op == "on_or_before") return x <= a;
    if (op == "on_or_after") return x >= a;
    return bad_op();
  }
  return Validation(fmt::format("body.filter: property type {} cannot be filtered", type));
}

}  // namespace lockstep::mocks
