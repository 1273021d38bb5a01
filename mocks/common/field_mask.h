// FieldMask: the `fields` partial-response parameter of Google APIs, applied to a JSON body.
// Both syntaxes nest: "nextPageToken,files(id,name)" and "sheets.properties.title" (or "/").
//
//   StatusOr<FieldMask> mask = FieldMask::Parse("files(id,name)");
//   nlohmann::ordered_json partial = mask->Apply(body);
#ifndef LOCKSTEP_MOCKS_COMMON_FIELD_MASK_H_
#define LOCKSTEP_MOCKS_COMMON_FIELD_MASK_H_

#include <map>
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

#include "src/status.h"

namespace lockstep::mocks {

class FieldMask {
 public:
  // A malformed mask (unbalanced parentheses) is kInvalidArgument.
  static StatusOr<FieldMask> Parse(std::string_view text);
  // The value with only the selected fields; an empty mask or "*" selects everything.
  nlohmann::ordered_json Apply(const nlohmann::ordered_json& value) const;
  // True when the mask selects everything (empty, or "*").
  bool All() const { return all_ || children_.empty(); }
  // The mask of one field's value: nullptr when the field is not selected. REQUIRES: !All().
  // A service builds only what is selected ("files(id,name)": no timestamps, no sizes).
  const FieldMask* Field(std::string_view name) const {
    auto it = children_.find(name);
    return it == children_.end() ? nullptr : &it->second;
  }

 private:
  bool ParseList(std::string_view s, size_t& i);
  std::map<std::string, FieldMask, std::less<>> children_;
  bool all_ = false;
};

}  // namespace lockstep::mocks

#endif  // LOCKSTEP_MOCKS_COMMON_FIELD_MASK_H_
