// SheetsHttpClient: the SheetsApi seam over Sheets v4 HTTP (cpp-httplib), for running the core
// against `lockstep serve` or any compatible endpoint. Options, errors and thread-safety as in
// drive_http_client.h; ranges are percent-encoded into the path.
//
//   std::unique_ptr<SheetsApi> sheets = NewSheetsHttpClient({.base_url = url, .token = *token});
#ifndef LOCKSTEP_SRC_HTTP_SHEETS_HTTP_CLIENT_H_
#define LOCKSTEP_SRC_HTTP_SHEETS_HTTP_CLIENT_H_

#include <memory>

#include "src/http/drive_http_client.h"
#include "src/sheets_api.h"

namespace lockstep {

std::unique_ptr<SheetsApi> NewSheetsHttpClient(const HttpClientOptions& options);

}  // namespace lockstep

#endif  // LOCKSTEP_SRC_HTTP_SHEETS_HTTP_CLIENT_H_
