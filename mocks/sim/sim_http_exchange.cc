#include "mocks/sim/sim_http_exchange.h"

#include <fmt/format.h>

#include "mocks/sim/sim_notion.h"

namespace lockstep::mocks {
namespace {

std::string Decode(std::string_view s, bool plus_is_space) {
  std::string out;
  for (size_t i = 0; i < s.size(); ++i) {
    if (s[i] == '%' && i + 2 < s.size() && std::isxdigit(static_cast<unsigned char>(s[i + 1])) &&
        std::isxdigit(static_cast<unsigned char>(s[i + 2]))) {
      out += static_cast<char>(std::stoi(std::string(s.substr(i + 1, 2)), nullptr, 16));
      i += 2;
    } else if (plus_is_space && s[i] == '+') {
      out += ' ';
    } else {
      out += s[i];
    }
  }
  return out;
}

}  // namespace

HttpRequest ParseTarget(std::string_view method, std::string_view target) {
  HttpRequest r;
  r.method = std::string(method);
  const size_t q = target.find('?');
  r.path = Decode(target.substr(0, q), false);
  if (q == std::string_view::npos) return r;
  std::string_view rest = target.substr(q + 1);
  while (!rest.empty()) {
    const size_t amp = rest.find('&');
    const std::string_view pair = rest.substr(0, amp);
    const size_t eq = pair.find('=');
    r.query.emplace(Decode(pair.substr(0, eq), true),
                    eq == std::string_view::npos ? std::string() : Decode(pair.substr(eq + 1), true));
    if (amp == std::string_view::npos) break;
    rest = rest.substr(amp + 1);
  }
  return r;
}

StatusOr<HttpReply> SimHttpExchange::Exchange(std::string_view method, const std::string& target,
                                              const std::string& body, const std::string& content_type) {
  const bool write = method != "GET";
  ctx_.BeforeCall(DrawLatency(latency_, rngs_, seed_, "exchange.latency", ctx_.Current()),
                  Op::Sheets(write));
  HttpRequest request = ParseTarget(method, target);
  request.body = body;
  request.headers["content-type"] = content_type;
  const HttpResponse response = handler_(request, ctx_.Current(), ctx_.Now());
  if (stats_ != nullptr) stats_->Count(write ? write_ : read_, response.status >= 300);
  if (ctx_.Tracing()) {
    ctx_.TraceStep(fmt::format("{}.{}", trace_name_, method), request.path, std::to_string(response.status));
  }
  return HttpReply{response.status, response.body};
}

}  // namespace lockstep::mocks
