// What the fuzz targets share: a check that reports and aborts (libFuzzer keeps the input), and
// the raw request format of the route targets.
//
//   LOCKSTEP_FUZZ_CHECK(again.ok(), "FormatA1 printed a range ParseA1 rejects");
//   mocks::HttpRequest r = ParseRawRequest(text);   // "POST /drive/v3/files?fields=id\n<headers>\n\n<body>"
#ifndef LOCKSTEP_FUZZ_FUZZ_SUPPORT_H_
#define LOCKSTEP_FUZZ_FUZZ_SUPPORT_H_

#include <cstdio>
#include <cstdlib>
#include <string>
#include <string_view>

#include "mocks/common/http_types.h"

#define LOCKSTEP_FUZZ_CHECK(cond, what)                                              \
  do {                                                                               \
    if (!(cond)) {                                                                   \
      std::fprintf(stderr, "fuzz check failed: %s (%s:%d): %s\n", #cond, __FILE__, \
                   __LINE__, std::string(what).c_str());                             \
      std::abort();                                                                  \
    }                                                                                \
  } while (0)

namespace lockstep::fuzz {

// Percent-decoding as a server does it for a query string ('+' is a space); malformed escapes
// stay as they are.
inline std::string PercentDecode(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  auto hex = [](char c) {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
  };
  for (size_t i = 0; i < s.size(); ++i) {
    if (s[i] == '+') {
      out.push_back(' ');
    } else if (s[i] == '%' && i + 2 < s.size() && hex(s[i + 1]) >= 0 && hex(s[i + 2]) >= 0) {
      out.push_back(static_cast<char>(hex(s[i + 1]) * 16 + hex(s[i + 2])));
      i += 2;
    } else {
      out.push_back(s[i]);
    }
  }
  return out;
}

// The raw request format of the corpora: a request line "METHOD /path?query" (no version), header
// lines "name: value" (names lower-cased), an empty line, the body (everything after it).
inline mocks::HttpRequest ParseRawRequest(std::string_view text) {
  mocks::HttpRequest r;
  auto next_line = [&text]() {
    const size_t nl = text.find('\n');
    std::string_view line = text.substr(0, nl);
    text = nl == std::string_view::npos ? std::string_view() : text.substr(nl + 1);
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    return line;
  };
  std::string_view request_line = next_line();
  const size_t sp = request_line.find(' ');
  r.method = std::string(request_line.substr(0, sp));
  std::string_view target = sp == std::string_view::npos ? std::string_view() : request_line.substr(sp + 1);
  const size_t qm = target.find('?');
  r.path = std::string(target.substr(0, qm));
  if (qm != std::string_view::npos) {
    std::string_view q = target.substr(qm + 1);
    while (!q.empty()) {
      const size_t amp = q.find('&');
      std::string_view pair = q.substr(0, amp);
      const size_t eq = pair.find('=');
      r.query.emplace(PercentDecode(pair.substr(0, eq)),
                      eq == std::string_view::npos ? "" : PercentDecode(pair.substr(eq + 1)));
      q = amp == std::string_view::npos ? std::string_view() : q.substr(amp + 1);
    }
  }
  while (!text.empty()) {
    std::string_view line = next_line();
    if (line.empty()) break;
    const size_t colon = line.find(':');
    std::string name(line.substr(0, colon));
    for (char& c : name) c = static_cast<char>(c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c);
    std::string_view value = colon == std::string_view::npos ? std::string_view() : line.substr(colon + 1);
    while (!value.empty() && value.front() == ' ') value.remove_prefix(1);
    r.headers[name] = std::string(value);
  }
  r.body = std::string(text);
  return r;
}

// Replaces every "{name}" in `text` by `value`.
inline void Substitute(std::string& text, std::string_view name, std::string_view value) {
  const std::string key = "{" + std::string(name) + "}";
  for (size_t at = text.find(key); at != std::string::npos; at = text.find(key, at + value.size())) {
    text.replace(at, key.size(), value);
  }
}

}  // namespace lockstep::fuzz

#endif  // LOCKSTEP_FUZZ_FUZZ_SUPPORT_H_
