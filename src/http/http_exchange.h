// HttpExchange: where the HTTP clients of the seams send a request when it should not go to a
// socket. The simulation gives the clients one that hands the request to the in-process mock
// service at a scheduling point, so the same client code (paths, parameters, bodies, error
// parsing) runs in every mode.
//
//   HttpClientOptions o{.base_url = "sim"};
//   o.exchange = &in_process;          // not owned
//   std::unique_ptr<SheetsApi> sheets = NewSheetsHttpClient(o);
#ifndef LOCKSTEP_SRC_HTTP_HTTP_EXCHANGE_H_
#define LOCKSTEP_SRC_HTTP_HTTP_EXCHANGE_H_

#include <string>
#include <string_view>

#include "src/status.h"

namespace lockstep {

struct HttpReply {
  int status = 0;
  std::string body;
};

class HttpExchange {
 public:
  virtual ~HttpExchange() = default;
  // Sends one request. `target` is the escaped path with its query string ("/v4/spreadsheets/x?
  // fields=..."). Fails only when no answer came (kUnavailable: the outcome is unknown). May
  // suspend the calling fiber.
  virtual StatusOr<HttpReply> Exchange(std::string_view method, const std::string& target, const std::string& body,
                                       const std::string& content_type) = 0;
};

}  // namespace lockstep

#endif  // LOCKSTEP_SRC_HTTP_HTTP_EXCHANGE_H_
