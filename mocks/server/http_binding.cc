#include "mocks/server/http_binding.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>

#include <cctype>

#include <httplib.h>

namespace lockstep::mocks {
namespace {

bool IsNotionPath(const std::string& path) { return path.rfind("/v1/", 0) == 0; }

}  // namespace

// Debian's cpp-httplib is compiled with a listen backlog of 5 (CPPHTTPLIB_LISTEN_BACKLOG), so a
// burst of new connections (64 clients starting together) overflows the accept queue: the kernel
// drops handshakes, clients retry after a second, and some of their first requests fail to read
// (measured by the soak: 4-12 of 64 connections). listen() on a listening socket only changes
// its backlog, so the socket httplib bound (found by its port: the library does not expose it)
// gets the system's maximum.
void WidenListenBacklog(int port) {
  for (int fd = 0; fd < 4096; ++fd) {
    int listening = 0;
    socklen_t len = sizeof listening;
    if (getsockopt(fd, SOL_SOCKET, SO_ACCEPTCONN, &listening, &len) != 0 || listening == 0) continue;
    sockaddr_storage addr{};
    socklen_t alen = sizeof addr;
    if (getsockname(fd, reinterpret_cast<sockaddr*>(&addr), &alen) != 0) continue;
    const int p = addr.ss_family == AF_INET    ? ntohs(reinterpret_cast<sockaddr_in*>(&addr)->sin_port)
                  : addr.ss_family == AF_INET6 ? ntohs(reinterpret_cast<sockaddr_in6*>(&addr)->sin6_port)
                                               : -1;
    if (p == port) listen(fd, SOMAXCONN);
  }
}

HttpBinding::HttpBinding(MockServer& server, int threads) : server_(server), http_(std::make_unique<httplib::Server>()) {
  Configure(threads);
}

HttpBinding::HttpBinding(MockServer& server, int threads, const std::string& cert_file, const std::string& key_file)
    : server_(server), http_(std::make_unique<httplib::SSLServer>(cert_file.c_str(), key_file.c_str())) {
  Configure(threads);
}

void HttpBinding::Configure(int threads) {
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
      for (char& c : key) {
        if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');  // ASCII: no locale call per byte
      }
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
    if (!out.response.content_type.empty()) {  // set_content, without copying the body
      res.headers.erase("Content-Type");
      res.set_header("Content-Type", out.response.content_type);
      res.body = std::move(out.response.body);
    }
  };
  // What httplib answers by itself, before any handler: a request line over 8,192 bytes (414), a
  // header line over 8,192 bytes or a malformed header block (400), a body over the payload limit
  // (413), a method no route takes (404). Those answers get a body in the API's error shape; an
  // answer of the handler, which has its body, is left alone.
  http_->set_error_handler(httplib::Server::HandlerWithResponse([](const httplib::Request& req, httplib::Response& res) {
    if (!res.body.empty()) return httplib::Server::HandlerResponse::Unhandled;
    HttpRequest r;
    r.method = req.method;
    r.path = req.path;
    const int code = res.status;
    const std::string message =
        code == 414 ? "The request URL is too long: its line is limited to 8192 bytes"
        : code == 413 ? "The request body is too large: it is limited to 64 MiB"
        : code == 400 ? "Bad request: a header line over 8192 bytes, or a malformed request line or header"
        : code == 404 ? "Not Found: no such method on this path"
                      : "The request could not be read";
    const std::string reason = code == 404 ? "notFound" : code == 413 ? "uploadTooLarge" : "badRequest";
    const HttpResponse out = ApiErrorFor(r, code, IsNotionPath(req.path) ? "" : reason, message);
    for (const auto& [k, v] : out.headers) res.set_header(k, v);
    res.set_content(out.body, out.content_type);
    return httplib::Server::HandlerResponse::Handled;
  }));
  http_->Get(".*", handler);
  http_->Post(".*", handler);
  http_->Patch(".*", handler);
  http_->Put(".*", handler);
  http_->Delete(".*", handler);
}

HttpBinding::~HttpBinding() = default;

StatusOr<int> HttpBinding::Bind(const std::string& host, int port) {
  if (!http_->is_valid()) {
    return Status(StatusCode::kUnavailable, 0, "tls", "the TLS certificate or its key could not be loaded");
  }
  const int bound = port == 0 ? http_->bind_to_any_port(host) : (http_->bind_to_port(host, port) ? port : -1);
  if (bound < 0) {
    return Status(StatusCode::kUnavailable, 0, "bind", "cannot bind " + host + ":" + std::to_string(port));
  }
  WidenListenBacklog(bound);
  return bound;
}

void HttpBinding::Listen() { http_->listen_after_bind(); }

void HttpBinding::Stop() { http_->stop(); }

}  // namespace lockstep::mocks
