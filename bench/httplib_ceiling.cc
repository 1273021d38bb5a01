// The bare cpp-httplib ceiling of bench/http_vs_wiremock.sh: the same library lockstep serve is
// built on (Debian's), set up as HttpBinding sets it up (TCP_NODELAY, the thread pool, keep-alive,
// the widened listen backlog), answering each route with one constant body and doing nothing else.
// What lockstep serve answers below this is the cost of its own request path.
//
//   lockstep_httplib_ceiling [--threads N] --body METHOD:PATH=FILE...
// It binds 127.0.0.1 on a free port and prints "http://127.0.0.1:PORT" on a line of its own; a
// request no --body names gets a 404.
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <iostream>
#include <map>
#include <sstream>
#include <string>
#include <utility>

#include <httplib.h>

#include "mocks/server/http_binding.h"

int main(int argc, char** argv) {
  int threads = 64;
  std::map<std::pair<std::string, std::string>, std::string> bodies;  // (method, path) -> body
  for (int i = 1; i + 1 < argc; i += 2) {
    const std::string flag = argv[i];
    const std::string value = argv[i + 1];
    const size_t colon = value.find(':');
    const size_t eq = value.find('=');
    if (flag == "--threads") {
      threads = std::atoi(value.c_str());
    } else if (flag == "--body" && colon != std::string::npos && eq != std::string::npos && colon < eq) {
      std::ifstream in(value.substr(eq + 1), std::ios::binary);
      if (!in) {
        std::cerr << "lockstep_httplib_ceiling: cannot read " << value.substr(eq + 1) << "\n";
        return 2;
      }
      std::ostringstream text;
      text << in.rdbuf();
      bodies[{value.substr(0, colon), value.substr(colon + 1, eq - colon - 1)}] = text.str();
    } else {
      std::cerr << "usage: lockstep_httplib_ceiling [--threads N] --body METHOD:PATH=FILE...\n";
      return 2;
    }
  }
  httplib::Server server;
  server.set_tcp_nodelay(true);
  server.set_keep_alive_max_count(1000);
  server.set_keep_alive_timeout(5);
  const size_t n = static_cast<size_t>(threads < 2 ? 2 : threads);
  server.new_task_queue = [n] { return new httplib::ThreadPool(n); };
  auto answer = [&bodies](const httplib::Request& req, httplib::Response& res) {
    auto it = bodies.find({req.method, req.path});
    if (it == bodies.end()) {
      res.status = 404;
      return;
    }
    res.set_content(it->second, "application/json; charset=UTF-8");
  };
  server.Get(".*", answer);
  server.Post(".*", answer);
  const int port = server.bind_to_any_port("127.0.0.1");
  if (port < 0) {
    std::cerr << "lockstep_httplib_ceiling: cannot bind 127.0.0.1\n";
    return 2;
  }
  lockstep::mocks::WidenListenBacklog(port);
  std::printf("http://127.0.0.1:%d\n", port);
  std::fflush(stdout);
  server.listen_after_bind();
  return 0;
}
