// HttpBinding: serves a MockServer over HTTP with cpp-httplib (TCP_NODELAY on: without it Nagle
// and delayed ACKs add ~40 ms to every small response, reference/cpp-httplib-notes.md).
//
//   MockServer server(options);
//   HttpBinding http(server, /*threads=*/16);
//   StatusOr<int> port = http.Bind("127.0.0.1", 0);   // 0: any free port
//   std::thread t([&] { http.Listen(); });  ...  http.Stop(); t.join();
#ifndef LOCKSTEP_MOCKS_SERVER_HTTP_BINDING_H_
#define LOCKSTEP_MOCKS_SERVER_HTTP_BINDING_H_

#include <memory>
#include <string>

#include "mocks/server/mock_server.h"
#include "src/status.h"

namespace httplib {
class Server;
}

namespace lockstep::mocks {

// Debian's cpp-httplib listens with a backlog of 5; this gives the listening socket bound to
// `port` the system's maximum (HttpBinding::Bind does it; so does the bench's bare ceiling).
void WidenListenBacklog(int port);

class HttpBinding {
 public:
  HttpBinding(MockServer& server, int threads);
  // Over TLS (cpp-httplib's SSLServer, with Debian's OpenSSL): a PEM certificate and its key. Bind
  // fails when they could not be loaded.
  HttpBinding(MockServer& server, int threads, const std::string& cert_file, const std::string& key_file);
  ~HttpBinding();
  HttpBinding(const HttpBinding&) = delete;
  HttpBinding& operator=(const HttpBinding&) = delete;

  // Binds to host:port (port 0: a free port, returned).
  StatusOr<int> Bind(const std::string& host, int port);
  // Serves until Stop(). REQUIRES: Bind succeeded.
  void Listen();
  // Thread-safe; makes Listen return.
  void Stop();

 private:
  void Configure(int threads);

  MockServer& server_;
  std::unique_ptr<httplib::Server> http_;
};

}  // namespace lockstep::mocks

#endif  // LOCKSTEP_MOCKS_SERVER_HTTP_BINDING_H_
