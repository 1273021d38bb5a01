// JsonWriter: JSON text appended straight to a string, byte for byte what nlohmann's dump() writes
// for the same ordered object (no spaces, the same escapes), without building the tree first. The
// services' list answers are written this way: a tree of 20 pages cost about 30 us a page in
// allocations, copies and frees before a byte was sent (docs/performance.md).
//
//   std::string body;
//   JsonWriter w(body);
//   w.BeginObject();
//   w.Key("id").String(file.id);
//   w.Key("parents").BeginArray().String(parent).EndArray();
//   w.Key("appProperties").Value(stored_json);      // an nlohmann value, serialized in place
//   w.EndObject();
//
// The caller keeps the structure well formed (a Key before each member's value); strings must be
// UTF-8, as nlohmann's strict dump requires (the servers refuse other bytes at the door).
#ifndef LOCKSTEP_MOCKS_COMMON_JSON_WRITER_H_
#define LOCKSTEP_MOCKS_COMMON_JSON_WRITER_H_

#include <charconv>
#include <cstdint>
#include <cstring>
#include <iterator>
#include <string>
#include <string_view>
#include <vector>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

namespace lockstep::mocks {

class JsonWriter {
 public:
  explicit JsonWriter(std::string& out) : out_(out) {}

  JsonWriter& BeginObject() { return Open('{'); }
  JsonWriter& EndObject() { return Close('}'); }
  JsonWriter& BeginArray() { return Open('['); }
  JsonWriter& EndArray() { return Close(']'); }
  JsonWriter& Key(std::string_view key) {
    Separate();
    Quoted(key);
    out_ += ':';
    after_key_ = true;
    return *this;
  }
  JsonWriter& String(std::string_view s) {
    Separate();
    Quoted(s);
    return *this;
  }
  JsonWriter& Bool(bool b) { return Raw(b ? "true" : "false"); }
  JsonWriter& Null() { return Raw("null"); }
  JsonWriter& Int(int64_t n) {
    Separate();
    char digits[24];
    const auto end = std::to_chars(digits, digits + sizeof digits, n).ptr;
    out_.append(digits, static_cast<size_t>(end - digits));
    return *this;
  }
  // Text that is already JSON (a cached rendering, a literal).
  JsonWriter& Raw(std::string_view json) {
    Separate();
    out_ += json;
    return *this;
  }
  // An nlohmann value, written as its dump() would write it. Strings, containers, integers and
  // literals are written here (nlohmann's serializer escapes through a per-character switch and
  // an output adapter, most of a page's rendering time); floats go through its serializer, whose
  // shortest round-trip form is the one to match.
  template <typename BasicJson>
  JsonWriter& Value(const BasicJson& v) {
    switch (v.type()) {
      case nlohmann::json::value_t::object:
        BeginObject();
        for (auto it = v.begin(); it != v.end(); ++it) {
          Key(it.key());
          Value(it.value());
        }
        return EndObject();
      case nlohmann::json::value_t::array:
        BeginArray();
        for (const auto& e : v) Value(e);
        return EndArray();
      case nlohmann::json::value_t::string: return String(v.template get_ref<const std::string&>());
      case nlohmann::json::value_t::boolean: return Bool(v.template get<bool>());
      case nlohmann::json::value_t::null: return Null();
      case nlohmann::json::value_t::number_integer: return Int(v.template get<int64_t>());
      default: {
        Separate();
        nlohmann::detail::serializer<BasicJson> s(nlohmann::detail::output_adapter<char, std::string>(out_), ' ');
        s.dump(v, false, false, 0);
        return *this;
      }
    }
  }

 private:
  JsonWriter& Open(char c) {
    Separate();
    out_ += c;
    first_.push_back(true);
    return *this;
  }
  JsonWriter& Close(char c) {
    out_ += c;
    first_.pop_back();
    return *this;
  }
  // The comma before a value, unless it is the first in its container or a member's value.
  void Separate() {
    if (after_key_) {
      after_key_ = false;
      return;
    }
    if (first_.empty()) return;
    if (!first_.back()) out_ += ',';
    first_.back() = false;
  }
  // nlohmann's escapes with ensure_ascii off: the two that must be, the five short ones, and
  // \u00xx (lowercase hex) for the other control characters; everything else as it is. Most
  // strings need none: one scan, one append.
  void Quoted(std::string_view s) {
    size_t i = 0;
    while (i < s.size() && !NeedsEscape(static_cast<unsigned char>(s[i]))) ++i;
    const size_t at = out_.size();
    out_.resize(at + s.size() + 2);
    char* p = out_.data() + at;
    *p++ = '"';
    std::memcpy(p, s.data(), i);
    if (i == s.size()) {
      p[i] = '"';
      return;
    }
    out_.resize(at + 1 + i);
    size_t plain = i;  // the start of the run not yet copied
    for (; i < s.size(); ++i) {
      const auto c = static_cast<unsigned char>(s[i]);
      if (!NeedsEscape(c)) continue;
      out_.append(s.data() + plain, i - plain);
      plain = i + 1;
      switch (c) {
        case '"': out_ += "\\\""; break;
        case '\\': out_ += "\\\\"; break;
        case '\b': out_ += "\\b"; break;
        case '\f': out_ += "\\f"; break;
        case '\n': out_ += "\\n"; break;
        case '\r': out_ += "\\r"; break;
        case '\t': out_ += "\\t"; break;
        default: fmt::format_to(std::back_inserter(out_), "\\u{:04x}", c); break;
      }
    }
    out_.append(s.data() + plain, s.size() - plain);
    out_ += '"';
  }
  static bool NeedsEscape(unsigned char c) { return c < 0x20 || c == '"' || c == '\\'; }

  std::string& out_;
  std::vector<bool> first_;
  bool after_key_ = false;
};

}  // namespace lockstep::mocks

#endif  // LOCKSTEP_MOCKS_COMMON_JSON_WRITER_H_
