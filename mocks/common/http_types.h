// HttpRequest and HttpResponse: what the mock services take and give, with no sockets. The
// cpp-httplib binding (lockstep serve) and the simulation both speak these.
#ifndef LOCKSTEP_MOCKS_COMMON_HTTP_TYPES_H_
#define LOCKSTEP_MOCKS_COMMON_HTTP_TYPES_H_

#include <map>
#include <optional>
#include <string>
#include <string_view>

namespace lockstep::mocks {

struct HttpRequest {
  std::string method;  // "GET", "POST", "PATCH", "DELETE", "PUT"
  std::string path;    // without the query string
  std::multimap<std::string, std::string> query;  // decoded
  std::map<std::string, std::string> headers;     // lower-case names
  std::string body;

  std::optional<std::string> Param(std::string_view name) const;
  std::string Header(std::string_view name) const;  // "" when absent
};

struct HttpResponse {
  int status = 200;
  std::string content_type = "application/json; charset=UTF-8";
  std::map<std::string, std::string> headers;
  std::string body;
};

}  // namespace lockstep::mocks

#endif  // LOCKSTEP_MOCKS_COMMON_HTTP_TYPES_H_
