#include "src/http/json_call.h"

#include <cctype>

#include <fmt/format.h>
#include <httplib.h>

namespace lockstep::http_internal {

StatusOr<std::string> RawCall(const HttpClientOptions& o, std::string_view method, const std::string& path,
                              const Params& params, const std::string& body, const std::string& content_type) {
  if (o.exchange != nullptr) {
    httplib::Params p(params.begin(), params.end());
    StatusOr<HttpReply> reply = o.exchange->Exchange(method, httplib::append_query_params(path, p), body, content_type);
    if (!reply.ok()) return reply.status();
    if (reply->status < 200 || reply->status > 299) return StatusFromHttp(reply->status, reply->body);
    return std::move(reply->body);
  }
  httplib::Client c(o.base_url);
  c.set_tcp_nodelay(true);
  c.set_url_encode(false);  // paths arrive escaped; params are escaped below
  const auto secs = o.timeout.count() / 1000;
  const auto usecs = (o.timeout.count() % 1000) * 1000;
  c.set_connection_timeout(secs, usecs);
  c.set_read_timeout(secs, usecs);
  c.set_write_timeout(secs, usecs);
  httplib::Headers headers;
  if (!o.token.empty()) headers.emplace("Authorization", "Bearer " + o.token);
  httplib::Params p(params.begin(), params.end());
  const std::string target = httplib::append_query_params(path, p);
  httplib::Result res = method == "GET"     ? c.Get(target, headers)
                        : method == "POST"  ? c.Post(target, headers, body, content_type)
                        : method == "PUT"   ? c.Put(target, headers, body, content_type)
                        : method == "PATCH" ? c.Patch(target, headers, body, content_type)
                                            : c.Delete(target, headers, body, content_type);
  if (!res) {
    return Status(StatusCode::kUnavailable, 0, "connection",
                  fmt::format("{} {}: {} (the call may or may not have applied)", method, path,
                              httplib::to_string(res.error())));
  }
  if (res->status < 200 || res->status > 299) return StatusFromHttp(res->status, res->body);
  return std::move(res->body);
}

StatusOr<nlohmann::json> JsonCall(const HttpClientOptions& o, std::string_view method, const std::string& path,
                                  const Params& params, const std::string& body, const std::string& content_type) {
  StatusOr<std::string> raw = RawCall(o, method, path, params, body, content_type);
  if (!raw.ok()) return raw.status();
  if (raw->empty()) return nlohmann::json::object();
  nlohmann::json j = nlohmann::json::parse(*raw, nullptr, false);
  if (j.is_discarded()) return Status(StatusCode::kInternal, 200, "badResponse", "the answer is not JSON");
  return j;
}

std::string EscapePath(std::string_view segment, std::string_view keep) {
  std::string out;
  for (unsigned char c : segment) {
    if (std::isalnum(c) || c == '-' || c == '_' || c == '.' || c == '~' || keep.find(c) != std::string_view::npos) {
      out += static_cast<char>(c);
    } else {
      out += fmt::format("%{:02X}", c);
    }
  }
  return out;
}

}  // namespace lockstep::http_internal
