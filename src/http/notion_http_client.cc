#include "src/http/notion_http_client.h"

#include <fmt/format.h>
#include <httplib.h>

namespace lockstep {
namespace {

class NotionHttpTransport final : public NotionTransport {
 public:
  NotionHttpTransport(HttpClientOptions o, std::string version) : o_(std::move(o)), version_(std::move(version)) {}

  StatusOr<NotionResponse> Send(std::string_view method, std::string_view path, const nlohmann::json& body) override {
    httplib::Client c(o_.base_url);
    c.set_tcp_nodelay(true);
    c.set_url_encode(false);
    const auto secs = o_.timeout.count() / 1000;
    const auto usecs = (o_.timeout.count() % 1000) * 1000;
    c.set_connection_timeout(secs, usecs);
    c.set_read_timeout(secs, usecs);
    c.set_write_timeout(secs, usecs);
    httplib::Headers headers{{"Notion-Version", version_}};
    if (!o_.token.empty()) headers.emplace("Authorization", "Bearer " + o_.token);
    const std::string target = "/v1/" + std::string(path);
    const std::string payload = body.is_null() ? std::string() : body.dump();
    httplib::Result res = method == "GET"     ? c.Get(target, headers)
                          : method == "POST"  ? c.Post(target, headers, payload, "application/json")
                          : method == "PATCH" ? c.Patch(target, headers, payload, "application/json")
                                              : c.Delete(target, headers, payload, "application/json");
    if (!res) {
      return Status(StatusCode::kUnavailable, 0, "connection",
                    fmt::format("{} /v1/{}: {} (the call may or may not have applied)", method, path,
                                httplib::to_string(res.error())));
    }
    NotionResponse out;
    out.status = res->status;
    out.body = nlohmann::json::parse(res->body, nullptr, /*allow_exceptions=*/false);
    if (out.body.is_discarded()) out.body = nullptr;
    if (res->has_header("Retry-After")) out.retry_after_s = std::atoi(res->get_header_value("Retry-After").c_str());
    return out;
  }

 private:
  HttpClientOptions o_;
  std::string version_;
};

}  // namespace

std::unique_ptr<NotionTransport> NewNotionHttpTransport(const HttpClientOptions& options, std::string notion_version) {
  return std::make_unique<NotionHttpTransport>(options, std::move(notion_version));
}

}  // namespace lockstep
