// SheetsService: Google Sheets v4 over the Sheets model and a FileCatalog (Drive, where the
// spreadsheets live as files), request in, response out, at
// the real paths (reference/api-semantics.md B). Errors use the newer google.rpc.Status shape
// ({"error":{"code","message","status"}}). Stricter than the real service: unknown parameters
// and unknown body fields are 400 INVALID_ARGUMENT.
//
//   SheetsService sheets(sheets_model, drive_model /* the FileCatalog */, SheetsServiceKnobs{});
//   HttpResponse r = sheets.Handle(request, caller, now, user);
//
// Endpoints under /v4/spreadsheets: POST (create; also creates the Drive file in My Drive), GET
// {id} (ranges, includeGridData, fields), POST {id}:batchUpdate (addSheet, deleteSheet,
// updateSheetProperties, updateSpreadsheetProperties, appendDimension), and values: GET
// {id}/values/{range}, PUT {id}/values/{range}, POST {id}/values/{range}:append, POST
// {id}/values/{range}:clear, GET {id}/values:batchGet, POST {id}/values:batchUpdate, POST
// {id}/values:batchClear. Per-minute read and write quotas per user: 429 RESOURCE_EXHAUSTED.
#ifndef LOCKSTEP_MOCKS_SHEETS_SHEETS_SERVICE_H_
#define LOCKSTEP_MOCKS_SHEETS_SHEETS_SERVICE_H_

#include <cstdint>
#include <map>
#include <string>

#include "mocks/common/file_catalog.h"
#include "mocks/common/http_types.h"
#include "mocks/sheets/sheets_model.h"

namespace lockstep::mocks {

struct SheetsServiceKnobs {
  int64_t read_requests_per_minute = 0;   // per user; 0: no quota (real: 60)
  int64_t write_requests_per_minute = 0;  // per user; 0: no quota (real: 60)
  size_t body_bytes_max = 10 * 1024 * 1024;
};

class SheetsService {
 public:
  SheetsService(SheetsModel& sheets, FileCatalog& files, SheetsServiceKnobs knobs)
      : sheets_(sheets), files_(files), knobs_(knobs) {}

  // REQUIRES: request.path starts with /v4/spreadsheets.
  const SheetsServiceKnobs& knobs() const { return knobs_; }
  void set_knobs(const SheetsServiceKnobs& k) { knobs_ = k; }

  HttpResponse Handle(const HttpRequest& request, ExecutionId caller, Instant now,
                      const std::string& user = "anonymous");

 private:
  struct Target {  // the spreadsheet a request names, resolved through Drive
    std::string id;
    Spreadsheet* ss = nullptr;
  };
  HttpResponse Create(const HttpRequest& r, ExecutionId caller, Instant now);
  HttpResponse Get(const HttpRequest& r, Target& t);
  HttpResponse BatchUpdate(const HttpRequest& r, Target& t, ExecutionId caller, Instant now);
  HttpResponse ValuesGet(const HttpRequest& r, Target& t, const std::string& range);
  HttpResponse ValuesBatchGet(const HttpRequest& r, Target& t);
  HttpResponse ValuesUpdate(const HttpRequest& r, Target& t, const std::string& range);
  HttpResponse ValuesAppend(const HttpRequest& r, Target& t, const std::string& range);
  HttpResponse ValuesClear(const HttpRequest& r, Target& t, const std::string& range);
  HttpResponse ValuesBatchUpdate(const HttpRequest& r, Target& t);
  HttpResponse ValuesBatchClear(const HttpRequest& r, Target& t);
  bool OverQuota(const std::string& user, bool write, Instant now);

  SheetsModel& sheets_;
  FileCatalog& files_;
  SheetsServiceKnobs knobs_;
  // (user, write) -> (minute, requests in it)
  std::map<std::pair<std::string, bool>, std::pair<int64_t, int64_t>> quota_;
};

// The google.rpc.Status error body; `status` is derived from the code (INVALID_ARGUMENT, ...).
HttpResponse SheetsError(int code, std::string_view message);
HttpResponse SheetsError(const Status& status);

}  // namespace lockstep::mocks

#endif  // LOCKSTEP_MOCKS_SHEETS_SHEETS_SERVICE_H_
