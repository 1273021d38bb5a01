#include "mocks/common/field_mask.h"

namespace lockstep::mocks {

StatusOr<FieldMask> FieldMask::Parse(std::string_view text) {
  FieldMask mask;
  size_t i = 0;
  if (!mask.ParseList(text, i) || i != text.size()) {
    return Status(StatusCode::kInvalidArgument, 400, "invalidParameter",
                  "Invalid field selection " + std::string(text));
  }
  return mask;
}

bool FieldMask::ParseList(std::string_view s, size_t& i) {
  while (i < s.size()) {
    const size_t start = i;
    while (i < s.size() && s[i] != ',' && s[i] != '(' && s[i] != ')') ++i;
    std::string path(s.substr(start, i - start));
    path.erase(0, path.find_first_not_of(' '));
    path.erase(path.find_last_not_of(' ') + 1);
    FieldMask sub;
    if (i < s.size() && s[i] == '(') {
      ++i;
      if (!sub.ParseList(s, i) || i >= s.size() || s[i] != ')') return false;
      ++i;
    }
    if (path == "*") {
      all_ = true;
    } else if (!path.empty()) {
      // "sheets.properties.title" and "files/id" nest like "sheets(properties(title))".
      FieldMask* node = this;
      size_t from = 0;
      while (true) {
        const size_t sep = path.find_first_of("./", from);
        const std::string name = path.substr(from, sep == std::string::npos ? std::string::npos : sep - from);
        if (name.empty()) return false;
        node = &node->children_[name];
        if (sep == std::string::npos) break;
        from = sep + 1;
      }
      for (auto& [k, v] : sub.children_) node->children_[k] = std::move(v);
      node->all_ = node->all_ || sub.all_;
    }
    if (i < s.size() && s[i] == ',') {
      ++i;
    } else {
      break;
    }
  }
  return true;
}

nlohmann::ordered_json FieldMask::Apply(const nlohmann::ordered_json& value) const {
  if (all_ || children_.empty()) return value;
  if (value.is_array()) {
    nlohmann::ordered_json out = nlohmann::ordered_json::array();
    for (const auto& v : value) out.push_back(Apply(v));
    return out;
  }
  if (!value.is_object()) return value;
  nlohmann::ordered_json out = nlohmann::ordered_json::object();
  for (auto it = value.begin(); it != value.end(); ++it) {
    auto m = children_.find(it.key());
    if (m != children_.end()) out[it.key()] = m->second.Apply(it.value());
  }
  return out;
}

}  // namespace lockstep::mocks
