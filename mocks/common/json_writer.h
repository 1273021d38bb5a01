// JsonWriter: JSON text written straight into a buffer, byte for byte what nlohmann's dump()
// writes for the same ordered object (no spaces, the same escapes), without building the tree
// first. The services' list answers are written this way: a tree of 20 pages cost about 30 us a
// page in allocations, copies and frees before a byte was sent (docs/performance.md).
//
//   JsonWriter w(/*capacity=*/4096);
//   w.BeginObject();
//   w.Key("id").String(file.id);
//   w.Key("parents").BeginArray().String(parent).EndArray();
//   w.Key("appProperties").Value(stored_json);      // an nlohmann value, serialized in place
//   w.EndObject();
//   std::string body = w.Take();
//
// The caller keeps the structure well formed (a Key before each member's value); strings must be
// UTF-8, as nlohmann's strict dump requires (the servers refuse other bytes at the door).
#ifndef LOCKSTEP_MOCKS_COMMON_JSON_WRITER_H_
#define LOCKSTEP_MOCKS_COMMON_JSON_WRITER_H_

#include <algorithm>
#include <charconv>
#include <cstdint>
#include <cstring>
#include <string>
#include <string_view>
#include <vector>

#ifdef __SSE2__
#include <emmintrin.h>
#endif

#include <fmt/format.h>
#include <nlohmann/json.hpp>

namespace lockstep::mocks {

class JsonWriter {
 public:
  // `capacity`: the bytes to start with (the buffer doubles when it must).
  explicit JsonWriter(size_t capacity = 256) { buf_.resize(std::max<size_t>(capacity, 64)); }

  // The text written so far; the writer is empty again afterwards.
  std::string Take() {
    buf_.resize(len_);
    std::string out = std::move(buf_);
    buf_.assign(64, '\0');
    len_ = 0;
    first_.clear();
    after_key_ = false;
    return out;
  }

  JsonWriter& BeginObject() { return Open('{'); }
  JsonWriter& EndObject() { return Close('}'); }
  JsonWriter& BeginArray() { return Open('['); }
  JsonWriter& EndArray() { return Close(']'); }
  // A key spelled in the code ("id", "created_time"), checked when it compiles to need no
  // escape, so it is copied without the scan.
  struct PlainKey {
    template <size_t N>
    consteval PlainKey(const char (&literal)[N]) : text(literal, N - 1) {  // NOLINT: implicit by design
      for (char c : text) {
        if (NeedsEscape(static_cast<unsigned char>(c))) throw "a key spelled in the code must need no escape";
      }
    }
    std::string_view text;
  };
  JsonWriter& Key(PlainKey key) {
    Separate();
    char* p = Room(key.text.size() + 3);
    p[0] = '"';
    std::memcpy(p + 1, key.text.data(), key.text.size());
    p[key.text.size() + 1] = '"';
    p[key.text.size() + 2] = ':';
    after_key_ = true;
    return *this;
  }
  // A key from data (a property's name, a stored object's member).
  JsonWriter& KeyText(std::string_view key) {
    Separate();
    Quoted(key);
    Put(':');
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
    char* p = Room(24);
    len_ -= static_cast<size_t>(p + 24 - std::to_chars(p, p + 24, n).ptr);
    return *this;
  }
  // Text that is already JSON (a cached rendering, a literal).
  JsonWriter& Raw(std::string_view json) {
    Separate();
    Put(json);
    return *this;
  }
  // An nlohmann value, written as its dump() would write it. Strings, containers, integers and
  // literals are written here (nlohmann's serializer escapes through a per-character switch and
  // an output adapter, most of a page's rendering time); other numbers go through its
  // serializer, whose shortest round-trip form of a float is the one to match.
  template <typename BasicJson>
  JsonWriter& Value(const BasicJson& v) {
    switch (v.type()) {
      case nlohmann::json::value_t::object:  // its members as stored, without iter_impl's dispatch
        BeginObject();
        for (const auto& [key, member] : v.template get_ref<const typename BasicJson::object_t&>()) {
          KeyText(key);
          Value(member);
        }
        return EndObject();
      case nlohmann::json::value_t::array:
        BeginArray();
        for (const auto& e : v.template get_ref<const typename BasicJson::array_t&>()) Value(e);
        return EndArray();
      case nlohmann::json::value_t::string: return String(v.template get_ref<const std::string&>());
      case nlohmann::json::value_t::boolean: return Bool(v.template get<bool>());
      case nlohmann::json::value_t::null: return Null();
      case nlohmann::json::value_t::number_integer: return Int(v.template get<int64_t>());
      default: return Raw(v.dump());
    }
  }

 private:
  // `n` more bytes at the end, to be written through the pointer.
  char* Room(size_t n) {
    if (buf_.size() - len_ < n) [[unlikely]] Grow(n);
    char* p = buf_.data() + len_;
    len_ += n;
    return p;
  }
  [[gnu::noinline]] void Grow(size_t n) { buf_.resize(std::max(buf_.size() * 2, len_ + n)); }
  void Put(char c) { *Room(1) = c; }
  void Put(std::string_view s) { std::memcpy(Room(s.size()), s.data(), s.size()); }
  JsonWriter& Open(char c) {
    Separate();
    Put(c);
    first_.push_back(1);
    return *this;
  }
  JsonWriter& Close(char c) {
    Put(c);
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
    if (first_.back() == 0) Put(',');
    first_.back() = 0;
  }
  // nlohmann's escapes with ensure_ascii off: the two that must be, the five short ones, and
  // \u00xx (lowercase hex) for the other control characters; everything else as it is.
  void Quoted(std::string_view s) {
    size_t i = PlainPrefix(s);
    char* p = Room(i + 2);
    *p = '"';
    std::memcpy(p + 1, s.data(), i);
    if (i == s.size()) {  // most strings: one scan, one copy
      p[i + 1] = '"';
      return;
    }
    --len_;  // the closing quote comes after the escapes
    size_t plain = i;  // the start of the run not yet copied
    for (; i < s.size(); ++i) {
      const auto c = static_cast<unsigned char>(s[i]);
      if (!NeedsEscape(c)) continue;
      Put(s.substr(plain, i - plain));
      plain = i + 1;
      switch (c) {
        case '"': Put("\\\""); break;
        case '\\': Put("\\\\"); break;
        case '\b': Put("\\b"); break;
        case '\f': Put("\\f"); break;
        case '\n': Put("\\n"); break;
        case '\r': Put("\\r"); break;
        case '\t': Put("\\t"); break;
        default: Put(fmt::format("\\u{:04x}", c)); break;
      }
    }
    Put(s.substr(plain));
    Put('"');
  }
  // How many leading bytes need no escape, sixteen at a time with SSE2 (every x86-64 has it),
  // eight at a time otherwise: a word holds a byte below 0x20, a '"' or a '\\' exactly when one
  // of the three zero-byte tests sets a high bit (bytes of 0x80 and up, UTF-8's, never do). The
  // block that holds one, and the tail, are scanned a byte at a time. Ids, timestamps and URLs
  // are most of an answer's bytes.
  static size_t PlainPrefix(std::string_view s) {
    size_t i = 0;
#ifdef __SSE2__
    const __m128i quote = _mm_set1_epi8('"');
    const __m128i backslash = _mm_set1_epi8('\\');
    const __m128i control_max = _mm_set1_epi8(0x1f);
    for (; i + 16 <= s.size(); i += 16) {
      const __m128i b = _mm_loadu_si128(reinterpret_cast<const __m128i*>(s.data() + i));
      const __m128i control = _mm_cmpeq_epi8(_mm_min_epu8(b, control_max), b);  // b <= 0x1f, unsigned
      const __m128i special = _mm_or_si128(control, _mm_or_si128(_mm_cmpeq_epi8(b, quote), _mm_cmpeq_epi8(b, backslash)));
      if (_mm_movemask_epi8(special) != 0) break;
    }
#endif
    constexpr uint64_t kOnes = 0x0101010101010101ull;
    constexpr uint64_t kHigh = 0x8080808080808080ull;
    for (; i + 8 <= s.size(); i += 8) {
      uint64_t w;
      std::memcpy(&w, s.data() + i, 8);
      const uint64_t q = w ^ (kOnes * '"');
      const uint64_t bs = w ^ (kOnes * '\\');
      const uint64_t special = ((w - kOnes * 0x20) & ~w) | ((q - kOnes) & ~q) | ((bs - kOnes) & ~bs);
      if ((special & kHigh) != 0) break;
    }
    while (i < s.size() && !NeedsEscape(static_cast<unsigned char>(s[i]))) ++i;
    return i;
  }
  static constexpr bool NeedsEscape(unsigned char c) { return c < 0x20 || c == '"' || c == '\\'; }

  std::string buf_;  // written up to len_; the rest is room
  size_t len_ = 0;
  std::vector<uint8_t> first_;  // per open container: nothing written in it yet
  bool after_key_ = false;
};

}  // namespace lockstep::mocks

#endif  // LOCKSTEP_MOCKS_COMMON_JSON_WRITER_H_
