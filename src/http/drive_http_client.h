// DriveHttpClient: the DriveApi seam over Drive v3 HTTP (cpp-httplib), for running the core
// against `lockstep serve` or any compatible endpoint.
//
//   StatusOr<std::string> token = ReadBearerToken("LOCKSTEP_CREDENTIALS");  // a file's first line
//   std::unique_ptr<DriveApi> drive = NewDriveHttpClient({.base_url = "http://127.0.0.1:8080",
//                                                         .token = *token});
//
// Children are listed with q = "'<parent>' in parents and trashed = false" (DriveApp's iterators
// do not return trashed children in the default model), ordered by createdTime. A move reads the
// current parent first (removeParents needs it). HTTP errors become Status values with Drive's
// reason; a connection that fails is kUnavailable and the call's outcome is unknown. The token is
// never logged. Thread-safe: each call uses its own connection.
#ifndef LOCKSTEP_SRC_HTTP_DRIVE_HTTP_CLIENT_H_
#define LOCKSTEP_SRC_HTTP_DRIVE_HTTP_CLIENT_H_

#include <memory>
#include <string>

#include "src/drive_api.h"
#include "src/http/http_exchange.h"
#include "src/status.h"
#include "src/time.h"

namespace lockstep {

struct HttpClientOptions {
  std::string base_url;  // "http://127.0.0.1:8080" (a path prefix is not supported, as in Google's clients)
  std::string token;     // bearer token; empty: no Authorization header
  Duration timeout{30'000};
  HttpExchange* exchange = nullptr;  // not owned; set: requests go there instead of to base_url
};

std::unique_ptr<DriveApi> NewDriveHttpClient(const HttpClientOptions& options);

// Reads the bearer token from the file named by the environment variable `env_var` (its first
// line, trimmed). Fails with kNotFound if the variable is unset, kFailedPrecondition if the file
// cannot be read or is empty.
StatusOr<std::string> ReadBearerToken(const char* env_var);

// The canonical Status for an HTTP answer with a Google-style JSON error body.
Status StatusFromHttp(int http_status, const std::string& body);

}  // namespace lockstep

#endif  // LOCKSTEP_SRC_HTTP_DRIVE_HTTP_CLIENT_H_
