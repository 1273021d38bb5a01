// DriveService: Google Drive v3 over the Drive model, request in, response out, at the real
// paths (reference/api-semantics.md A). Stricter than the real service: unknown parameters,
// malformed bodies, bad page sizes and tokens are 400 in Drive's error shape.
//
//   DriveService drive(model, DriveServiceKnobs{});
//   HttpResponse r = drive.Handle(request, caller, now);
//
// Endpoints: GET /drive/v3/files (q, pageSize, pageToken, orderBy, fields), GET
// /drive/v3/files/{id} (alt=media for content), POST /drive/v3/files, POST
// /upload/drive/v3/files?uploadType=media|multipart, PATCH /drive/v3/files/{id} (name, trashed,
// appProperties; addParents/removeParents), PATCH /upload/drive/v3/files/{id}?uploadType=media,
// DELETE /drive/v3/files/{id}, GET /drive/v3/files/generateIds. Rate limits per user and window:
// 403 userRateLimitExceeded or 429 rateLimitExceeded.
#ifndef LOCKSTEP_MOCKS_DRIVE_DRIVE_SERVICE_H_
#define LOCKSTEP_MOCKS_DRIVE_DRIVE_SERVICE_H_

#include <cstdint>
#include <map>
#include <string>

#include "mocks/common/http_types.h"
#include "mocks/drive/drive_model.h"

namespace lockstep::mocks {

struct DriveServiceKnobs {
  int64_t requests_per_window = 0;  // per user; 0: no limit
  Duration window{60'000};
  bool rate_limit_as_429 = false;   // 429 rateLimitExceeded instead of 403 userRateLimitExceeded
  size_t body_bytes_max = 5 * 1024 * 1024;
};

class DriveService {
 public:
  DriveService(DriveModel& model, DriveServiceKnobs knobs) : model_(model), knobs_(knobs) {}

  // Handles one request from `user` (the caller's identity for rate limits) as execution `caller`.
  // REQUIRES: request.path starts with /drive/v3/ or /upload/drive/v3/.
  const DriveServiceKnobs& knobs() const { return knobs_; }
  void set_knobs(const DriveServiceKnobs& k) { knobs_ = k; }

  HttpResponse Handle(const HttpRequest& request, ExecutionId caller, Instant now,
                      const std::string& user = "anonymous");

 private:
  HttpResponse List(const HttpRequest& r, ExecutionId caller, Instant now);
  HttpResponse Get(const HttpRequest& r, const std::string& id);
  HttpResponse Create(const HttpRequest& r, ExecutionId caller, Instant now, bool upload);
  HttpResponse Update(const HttpRequest& r, const std::string& id, ExecutionId caller, Instant now,
                      bool upload);
  HttpResponse Delete(const std::string& id);
  HttpResponse GenerateIds(const HttpRequest& r, ExecutionId caller);
  bool RateLimited(const std::string& user, Instant now);

  DriveModel& model_;
  DriveServiceKnobs knobs_;
  std::map<std::string, std::pair<Instant, int64_t>> windows_;  // user -> (window start, requests)
};

// Drive v3's legacy error body: {"error":{"code","message","errors":[{domain,reason,message,...}]}}.
HttpResponse DriveError(int code, std::string_view reason, std::string_view message,
                        std::string_view location = {}, std::string_view location_type = {});
HttpResponse DriveError(const Status& status, std::string_view location = {});

}  // namespace lockstep::mocks

#endif  // LOCKSTEP_MOCKS_DRIVE_DRIVE_SERVICE_H_
