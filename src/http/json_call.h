// JsonCall: one JSON request to a Google-style API over cpp-httplib, shared by the HTTP clients
// of the seams. Internal to src/http: callers include it from .cc files only.
//
//   StatusOr<nlohmann::json> j = JsonCall(options, "GET", "/drive/v3/files/" + id, {{"fields", "id"}});
//
// A new connection per call (thread-safe, no shared state), TCP_NODELAY on, the options' timeout
// for connect, read and write. Paths are sent as given: escape ids and ranges with EscapePath.
// Non-2xx answers become StatusFromHttp; a failed connection is kUnavailable and the call's outcome
// is unknown. The token goes only into the Authorization header, never into a message.
#ifndef LOCKSTEP_SRC_HTTP_JSON_CALL_H_
#define LOCKSTEP_SRC_HTTP_JSON_CALL_H_

#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <nlohmann/json.hpp>

#include "src/http/drive_http_client.h"

namespace lockstep::http_internal {

using Params = std::vector<std::pair<std::string, std::string>>;

StatusOr<nlohmann::json> JsonCall(const HttpClientOptions& options, std::string_view method, const std::string& path,
                                  const Params& params, const std::string& body,
                                  const std::string& content_type = "application/json");

// As JsonCall, but returns the answer's body as it came (alt=media downloads).
StatusOr<std::string> RawCall(const HttpClientOptions& options, std::string_view method, const std::string& path,
                              const Params& params, const std::string& body,
                              const std::string& content_type = "application/json");

// Percent-encodes everything but unreserved characters and those listed in `keep`.
std::string EscapePath(std::string_view segment, std::string_view keep = "!:");

}  // namespace lockstep::http_internal

#endif  // LOCKSTEP_SRC_HTTP_JSON_CALL_H_
