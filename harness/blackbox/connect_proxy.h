// ConnectProxy: the HTTPS proxy a program is given (HTTPS_PROXY) so that, unchanged, its calls to
// the real API hosts reach the mocks. It answers `CONNECT host:443` for the hosts it was given by
// tunnelling the connection to the local TLS listener (whose certificate names those hosts, signed
// by the run's CA); any other host, port or request is refused with a 403 that names it, so
// nothing leaves the machine. Loopback only; a thread per tunnel, joined once it ends (at most
// kTunnelsMax at a time: more get a 503); Stop() ends them all.
//
//   StatusOr<std::unique_ptr<ConnectProxy>> p = ConnectProxy::Start(tls_port, {"api.notion.com"});
//   env["HTTPS_PROXY"] = fmt::format("http://127.0.0.1:{}", (*p)->port());
#ifndef LOCKSTEP_HARNESS_BLACKBOX_CONNECT_PROXY_H_
#define LOCKSTEP_HARNESS_BLACKBOX_CONNECT_PROXY_H_

#include <atomic>
#include <memory>
#include <mutex>
#include <set>
#include <string>
#include <cstdint>
#include <map>
#include <thread>
#include <vector>

#include "harness/blackbox/intercept_ca.h"
#include "mocks/server/http_binding.h"
#include "src/status.h"

namespace lockstep::harness {

// The hosts a program is sent from to the mocks: the real APIs' own.
const std::set<std::string>& InterceptedHosts();

class ConnectProxy {
 public:
  static StatusOr<std::unique_ptr<ConnectProxy>> Start(int tls_port, std::set<std::string> hosts);
  ~ConnectProxy();
  ConnectProxy(const ConnectProxy&) = delete;
  ConnectProxy& operator=(const ConnectProxy&) = delete;

  int port() const { return port_; }
  // Thread-safe. Ends the tunnels and the listener; idempotent.
  void Stop();
  // What was refused ("example.com:443", "GET http://example.com/"), in order, at most 100.
  std::vector<std::string> Refused() const;
  // Tunnel threads not joined yet: the open tunnels, and ended ones until the accept loop joins
  // them (within a poll interval).
  size_t LiveTunnels() const;

  static constexpr size_t kTunnelsMax = 512;

 private:
  ConnectProxy(int listen_fd, int port, int tls_port, std::set<std::string> hosts);
  void AcceptLoop();
  void Serve(int client);
  void ReapEnded();

  const int listen_fd_;
  const int port_;
  const int tls_port_;
  const std::set<std::string> hosts_;
  std::atomic<bool> stopping_{false};
  std::thread acceptor_;
  mutable std::mutex mu_;
  std::map<uint64_t, std::thread> tunnels_;  // by tunnel number
  std::vector<uint64_t> ended_;              // tunnels whose Serve returned, to join
  uint64_t next_tunnel_ = 0;
  std::vector<std::string> refused_;
};

// The interception in front of one mock server: a TLS listener with the CA's server certificate
// and the proxy tunnelling to it. Stop() (or the destructor) ends both.
class Interception {
 public:
  static StatusOr<std::unique_ptr<Interception>> Start(mocks::MockServer& server, int threads, const InterceptCa& ca);
  ~Interception();
  int proxy_port() const { return proxy_->port(); }
  std::vector<std::string> Refused() const { return proxy_->Refused(); }
  void Stop();

 private:
  Interception() = default;
  std::unique_ptr<mocks::HttpBinding> tls_;
  std::thread listening_;
  std::unique_ptr<ConnectProxy> proxy_;
};

}  // namespace lockstep::harness

#endif  // LOCKSTEP_HARNESS_BLACKBOX_CONNECT_PROXY_H_
