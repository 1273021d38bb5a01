#include "harness/blackbox/connect_proxy.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cstring>

#include <fmt/format.h>

namespace lockstep::harness {
namespace {

constexpr int kPollMs = 100;        // how often a blocked loop looks at the stop flag
constexpr size_t kHeadMax = 16384;  // a CONNECT request's head

bool SendAll(int fd, const char* data, size_t n) {
  while (n > 0) {
    const ssize_t w = ::send(fd, data, n, MSG_NOSIGNAL);
    if (w <= 0) return false;
    data += w;
    n -= static_cast<size_t>(w);
  }
  return true;
}

void Refuse(int fd, const std::string& what) {
  const std::string body = fmt::format(
      "lockstep: {} is not one of the mocked APIs (api.notion.com, www.googleapis.com, sheets.googleapis.com "
      "on port 443): refused, nothing leaves this machine\n", what);
  const std::string answer = fmt::format("HTTP/1.1 403 Forbidden\r\nContent-Type: text/plain\r\nContent-Length: {}\r\n"
                                         "Connection: close\r\n\r\n{}", body.size(), body);
  SendAll(fd, answer.data(), answer.size());
}

}  // namespace

StatusOr<std::unique_ptr<ConnectProxy>> ConnectProxy::Start(int tls_port, std::set<std::string> hosts) {
  const int fd = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  if (fd < 0) return Status(StatusCode::kUnavailable, 0, "io", "proxy: no socket");
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  addr.sin_port = 0;
  socklen_t len = sizeof addr;
  if (::bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0 || ::listen(fd, SOMAXCONN) != 0 ||
      ::getsockname(fd, reinterpret_cast<sockaddr*>(&addr), &len) != 0) {
    ::close(fd);
    return Status(StatusCode::kUnavailable, 0, "io", fmt::format("proxy: cannot listen on loopback: {}", std::strerror(errno)));
  }
  std::unique_ptr<ConnectProxy> p(new ConnectProxy(fd, ntohs(addr.sin_port), tls_port, std::move(hosts)));
  p->acceptor_ = std::thread([raw = p.get()] { raw->AcceptLoop(); });
  return p;
}

ConnectProxy::ConnectProxy(int listen_fd, int port, int tls_port, std::set<std::string> hosts)
    : listen_fd_(listen_fd), port_(port), tls_port_(tls_port), hosts_(std::move(hosts)) {}

ConnectProxy::~ConnectProxy() { Stop(); }

void ConnectProxy::Stop() {
  if (stopping_.exchange(true)) return;
  if (acceptor_.joinable()) acceptor_.join();
  std::map<uint64_t, std::thread> tunnels;
  {
    std::lock_guard<std::mutex> lock(mu_);
    tunnels.swap(tunnels_);
    ended_.clear();
  }
  for (auto& [n, t] : tunnels) t.join();
  ::close(listen_fd_);
}

size_t ConnectProxy::LiveTunnels() const {
  std::lock_guard<std::mutex> lock(mu_);
  return tunnels_.size();
}

// Joins the threads of the tunnels that ended (each says so as its last act): a long `serve
// --intercept` would otherwise keep a thread and its stack per connection ever made.
void ConnectProxy::ReapEnded() {
  std::vector<std::thread> done;
  {
    std::lock_guard<std::mutex> lock(mu_);
    for (uint64_t n : ended_) {
      auto it = tunnels_.find(n);
      if (it == tunnels_.end()) continue;
      done.push_back(std::move(it->second));
      tunnels_.erase(it);
    }
    ended_.clear();
  }
  for (std::thread& t : done) t.join();
}

std::vector<std::string> ConnectProxy::Refused() const {
  std::lock_guard<std::mutex> lock(mu_);
  return refused_;
}

void ConnectProxy::AcceptLoop() {
  while (!stopping_) {
    ReapEnded();
    pollfd p{listen_fd_, POLLIN, 0};
    if (::poll(&p, 1, kPollMs) <= 0) continue;
    const int client = ::accept4(listen_fd_, nullptr, nullptr, SOCK_CLOEXEC);
    if (client < 0) continue;
    std::lock_guard<std::mutex> lock(mu_);
    if (tunnels_.size() - ended_.size() >= kTunnelsMax) {
      const char* busy = "HTTP/1.1 503 Service Unavailable\r\nContent-Length: 0\r\nConnection: close\r\n\r\n";
      SendAll(client, busy, std::strlen(busy));
      ::close(client);
      continue;
    }
    const uint64_t n = next_tunnel_++;
    tunnels_.emplace(n, std::thread([this, client, n] {
                       Serve(client);
                       std::lock_guard<std::mutex> ended(mu_);
                       ended_.push_back(n);
                     }));
  }
}

void ConnectProxy::Serve(int client) {
  // The request head, up to its blank line.
  std::string head;
  while (head.find("\r\n\r\n") == std::string::npos && head.size() < kHeadMax && !stopping_) {
    pollfd p{client, POLLIN, 0};
    if (::poll(&p, 1, kPollMs) <= 0) continue;
    char buf[2048];
    const ssize_t n = ::recv(client, buf, sizeof buf, 0);
    if (n <= 0) break;
    head.append(buf, static_cast<size_t>(n));
  }
  const size_t end = head.find("\r\n\r\n");
  const std::string line = head.substr(0, head.find("\r\n"));
  std::string target;
  bool allowed = false;
  if (end != std::string::npos && line.rfind("CONNECT ", 0) == 0) {
    target = line.substr(8, line.find(' ', 8) == std::string::npos ? std::string::npos : line.find(' ', 8) - 8);
    const size_t colon = target.rfind(':');
    allowed = colon != std::string::npos && target.substr(colon + 1) == "443" && hosts_.count(target.substr(0, colon)) > 0;
  } else {
    target = line.substr(0, 200);  // a plain-HTTP proxy request, or garbage
  }
  if (!allowed) {
    {
      std::lock_guard<std::mutex> lock(mu_);
      if (refused_.size() < 100) refused_.push_back(target);
    }
    Refuse(client, target.empty() ? std::string("an unreadable request") : target);
    ::close(client);
    return;
  }
  const int server = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  addr.sin_port = htons(static_cast<uint16_t>(tls_port_));
  if (server < 0 || ::connect(server, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0) {
    const char* answer = "HTTP/1.1 502 Bad Gateway\r\nContent-Length: 0\r\nConnection: close\r\n\r\n";
    SendAll(client, answer, std::strlen(answer));
    if (server >= 0) ::close(server);
    ::close(client);
    return;
  }
  const int one = 1;
  ::setsockopt(server, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
  ::setsockopt(client, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
  const char* established = "HTTP/1.1 200 Connection Established\r\n\r\n";
  bool open = SendAll(client, established, std::strlen(established));
  // Bytes the client sent after the head (a TLS ClientHello may come at once) go first.
  if (open && head.size() > end + 4) open = SendAll(server, head.data() + end + 4, head.size() - end - 4);
  while (open && !stopping_) {
    pollfd p[2] = {{client, POLLIN, 0}, {server, POLLIN, 0}};
    if (::poll(p, 2, kPollMs) <= 0) continue;
    for (int i = 0; i < 2 && open; ++i) {
      if ((p[i].revents & (POLLIN | POLLHUP | POLLERR)) == 0) continue;
      char buf[16384];
      const ssize_t n = ::recv(p[i].fd, buf, sizeof buf, 0);
      open = n > 0 && SendAll(i == 0 ? server : client, buf, static_cast<size_t>(n));
    }
  }
  ::close(server);
  ::close(client);
}

const std::set<std::string>& InterceptedHosts() {
  static const std::set<std::string> hosts = {"api.notion.com", "www.googleapis.com", "sheets.googleapis.com"};
  return hosts;
}

StatusOr<std::unique_ptr<Interception>> Interception::Start(mocks::MockServer& server, int threads,
                                                            const InterceptCa& ca) {
  std::unique_ptr<Interception> i(new Interception());
  i->tls_ = std::make_unique<mocks::HttpBinding>(server, threads, ca.server_cert, ca.server_key);
  StatusOr<int> tls_port = i->tls_->Bind("127.0.0.1", 0);
  if (!tls_port.ok()) return tls_port.status();
  i->listening_ = std::thread([raw = i.get()] { raw->tls_->Listen(); });
  StatusOr<std::unique_ptr<ConnectProxy>> proxy = ConnectProxy::Start(*tls_port, InterceptedHosts());
  if (!proxy.ok()) return proxy.status();  // the destructor stops the listener
  i->proxy_ = std::move(proxy).value();
  return i;
}

Interception::~Interception() { Stop(); }

void Interception::Stop() {
  if (proxy_) proxy_->Stop();
  if (tls_) tls_->Stop();
  if (listening_.joinable()) listening_.join();
}

}  // namespace lockstep::harness
