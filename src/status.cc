#include "src/status.h"

#include <fmt/format.h>

namespace lockstep {

std::string_view StatusCodeName(StatusCode code) {
  switch (code) {
    case StatusCode::kOk: return "OK";
    case StatusCode::kCancelled: return "CANCELLED";
    case StatusCode::kInvalidArgument: return "INVALID_ARGUMENT";
    case StatusCode::kDeadlineExceeded: return "DEADLINE_EXCEEDED";
    case StatusCode::kNotFound: return "NOT_FOUND";
    case StatusCode::kAlreadyExists: return "ALREADY_EXISTS";
    case StatusCode::kPermissionDenied: return "PERMISSION_DENIED";
    case StatusCode::kResourceExhausted: return "RESOURCE_EXHAUSTED";
    case StatusCode::kFailedPrecondition: return "FAILED_PRECONDITION";
    case StatusCode::kAborted: return "ABORTED";
    case StatusCode::kInternal: return "INTERNAL";
    case StatusCode::kUnavailable: return "UNAVAILABLE";
    case StatusCode::kUnauthenticated: return "UNAUTHENTICATED";
  }
  return "UNKNOWN";
}

Status::Status(StatusCode code, int http_status, std::string reason, std::string message) {
  LOCKSTEP_CHECK_MSG(code != StatusCode::kOk, "a failure Status needs a non-OK code");
  rep_ = std::make_shared<const Rep>(Rep{code, http_status, std::move(reason), std::move(message)});
}

std::string Status::ToString() const {
  if (ok()) return "OK";
  std::string http = rep_->http_status != 0 ? fmt::format(" {}", rep_->http_status) : "";
  std::string reason = rep_->reason.empty() ? "" : " " + rep_->reason;
  return fmt::format("{}{}{}: {}", StatusCodeName(rep_->code), http, reason, rep_->message);
}

Status CoreError(StatusCode code, std::string message) {
  return Status(code, 0, "core", std::move(message));
}

StatusCode StatusCodeFromHttp(int http_status, std::string_view reason) {
  if (http_status == 400) return StatusCode::kInvalidArgument;
  if (http_status == 401) return StatusCode::kUnauthenticated;
  if (http_status == 403) {
    return reason.find("RateLimit") != std::string_view::npos ? StatusCode::kResourceExhausted
                                                              : StatusCode::kPermissionDenied;
  }
  if (http_status == 404) return StatusCode::kNotFound;
  if (http_status == 409) return StatusCode::kAlreadyExists;
  if (http_status == 429) return StatusCode::kResourceExhausted;
  if (http_status == 500) return StatusCode::kInternal;
  if (http_status > 500) return StatusCode::kUnavailable;
  return StatusCode::kInternal;
}

}  // namespace lockstep
