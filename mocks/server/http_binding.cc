#include "mocks/server/http_binding.h"

#include <cctype>

#include <httplib.h>

namespace lockstep::mocks {

HttpBinding::HttpBinding(MockServer& server, int threads) : server_(server), http_(std::make_unique<httplib::Server>()) {
  http_->set_tcp_nodelay(true);
  http_->set_keep_alive_max_count(1000);
  http_->set_keep_alive_timeout(5);
  http_->set_payload_max_length(64 * 1024 * 1024);
  const size_t n = static_cast<size_t>(std::max(2, threads));
  http_->new_task_queue = [n] { return new httplib::ThreadPool(n); };
  auto handler = [this](const httplib::Request& req, httplib::Response& res) {
    HttpRequest r;
    r.method = req.method;
    r.path = req.path;
    // The URL's query only: httplib also folds form-encoded bodies into req.params.
    const size_t q = req.target.find('?');
    if (q != std::string::npos) {
      httplib::Params params;
      httplib::detail::parse_query_text(req.target.substr(q + 1), params);
      for (const auto& [k, v] : params) r.query.emplace(k, v);
    }
    for (const auto& [k, v] : req.headers) {
      std::string key = k;
      for (char& c : key) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
      r.headers[key] = v;
    }
    r.body = req.body;
    ServedResponse out = server_.Handle(r);
    if (out.drop_connection) {  // the call committed; the client sees the connection end early
      res.status = 200;
      res.set_content_provider(1024, "application/json",
                               [](size_t, size_t, httplib::DataSink&) { return false; });
      return;
    }
    res.status = out.response.status;
    for (const auto& [k, v] : out.response.headers) res.set_header(k, v);
    if (!out.response.content_type.empty()) res.set_content(out.response.body, out.response.content_type);
  };
  http_->Get(".*", handler);
  http_->Post(".*", handler);
  http_->Patch(".*", handler);
  http_->Put(".*", handler);
  http_->Delete(".*", handler);
}

HttpBinding::~HttpBinding() = default;

StatusOr<int> HttpBinding::Bind(const std::string& host, int port) {
  const int bound = port == 0 ? http_->bind_to_any_port(host) : (http_->bind_to_port(host, port) ? port : -1);
  if (bound < 0) {
    return Status(StatusCode::kUnavailable, 0, "bind", "cannot bind " + host + ":" + std::to_string(port));
  }
  return bound;
}

void HttpBinding::Listen() { http_->listen_after_bind(); }

void HttpBinding::Stop() { http_->stop(); }

}  // namespace lockstep::mocks
