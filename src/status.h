// Status and StatusOr<T>: recoverable failures as values.
//
// A Status carries a canonical code (which says what a caller may do about it), the HTTP status
// and the API's own reason string (Drive's "notFound", Notion's "rate_limited", ...) and a
// human-readable message. OK statuses allocate nothing.
//
//   StatusOr<DriveFile> f = drive.Get(id);
//   if (!f.ok()) return f.status();
//   Use(f->name);
//
// Retry meaning of the codes (Abseil's convention):
//   kUnavailable        retry the same call (after a backoff)
//   kResourceExhausted  retry later (rate limit)
//   kAborted            redo the larger operation
//   kFailedPrecondition do not retry until the state is fixed
//   kDeadlineExceeded   a timeout; the outcome may be unknown
#ifndef LOCKSTEP_SRC_STATUS_H_
#define LOCKSTEP_SRC_STATUS_H_

#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>

#include "src/check.h"

namespace lockstep {

enum class StatusCode {
  kOk = 0,
  kCancelled,
  kInvalidArgument,
  kDeadlineExceeded,
  kNotFound,
  kAlreadyExists,
  kPermissionDenied,
  kResourceExhausted,
  kFailedPrecondition,
  kAborted,
  kInternal,
  kUnavailable,
  kUnauthenticated,
};

std::string_view StatusCodeName(StatusCode code);

// The canonical code of an HTTP error status; `reason` tells rate limits (403 "...RateLimit...")
// from permission errors.
StatusCode StatusCodeFromHttp(int http_status, std::string_view reason);

class Status {
 public:
  // An OK status.
  Status() = default;
  // A failure. REQUIRES: code != kOk.
  Status(StatusCode code, int http_status, std::string reason, std::string message);

  bool ok() const { return rep_ == nullptr; }
  StatusCode code() const { return ok() ? StatusCode::kOk : rep_->code; }
  // The HTTP status the API answered with; 0 when the failure did not come from HTTP.
  int http_status() const { return ok() ? 0 : rep_->http_status; }
  // The API's own reason ("notFound", "duplicate", ...); empty for OK.
  std::string_view reason() const { return ok() ? std::string_view() : rep_->reason; }
  std::string_view message() const { return ok() ? std::string_view() : rep_->message; }
  // "NOT_FOUND 404 notFound: File not found: x." or "OK".
  std::string ToString() const;

 private:
  struct Rep {
    StatusCode code;
    int http_status;
    std::string reason;
    std::string message;
  };
  std::shared_ptr<const Rep> rep_;  // null means OK; immutable, so sharing is safe
};

// A failure raised by the core itself (not by an API): no HTTP status, reason "core".
Status CoreError(StatusCode code, std::string message);

template <typename T>
class StatusOr {
 public:
  // REQUIRES: !status.ok()
  StatusOr(Status status) : status_(std::move(status)) {  // NOLINT: implicit by design
    LOCKSTEP_CHECK_MSG(!status_.ok(), "StatusOr built from an OK status without a value");
  }
  StatusOr(T value) : value_(std::move(value)) {}  // NOLINT: implicit by design

  bool ok() const { return value_.has_value(); }
  const Status& status() const { return status_; }

  // REQUIRES: ok()
  T& value() & {
    LOCKSTEP_CHECK_MSG(ok(), status_.ToString());
    return *value_;
  }
  const T& value() const& {
    LOCKSTEP_CHECK_MSG(ok(), status_.ToString());
    return *value_;
  }
  T&& value() && {
    LOCKSTEP_CHECK_MSG(ok(), status_.ToString());
    return std::move(*value_);
  }
  T& operator*() & { return value(); }
  const T& operator*() const& { return value(); }
  T* operator->() { return &value(); }
  const T* operator->() const { return &value(); }

 private:
  Status status_;
  std::optional<T> value_;
};

}  // namespace lockstep

#endif  // LOCKSTEP_SRC_STATUS_H_
