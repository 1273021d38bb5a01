#include "mocks/apps_script/runtime/gas_execution.h"

#include <fmt/format.h>

#include "mocks/apps_script/runtime/internal/gas_calls.h"

namespace lockstep::mocks {
namespace {

using Json = nlohmann::json;

// Frees the execution's worker on every way out. On a normal end the worker waits for its next
// execution; when the fiber unwinds (the scheduler killed the execution) the worker's execution is
// killed: none of what its code still does reaches the models, as on the platform; a worker that
// is lost (it exited, or stopped answering) is discarded.
class SlotGuard {
 public:
  SlotGuard(GasHost& host, GasHost::Slot* slot) : host_(host), slot_(slot) {}
  ~SlotGuard() {
    if (slot_ == nullptr) return;
    if (lost_) {
      host_.Discard(slot_);
    } else {
      host_.Kill(slot_);
    }
  }
  SlotGuard(const SlotGuard&) = delete;
  SlotGuard& operator=(const SlotGuard&) = delete;
  void Finished() {
    host_.Release(slot_);
    slot_ = nullptr;
  }
  // The worker is gone (it exited on its own: an unsupported call, a crash).
  void Lost() { lost_ = true; }

 private:
  GasHost& host_;
  GasHost::Slot* slot_;
  bool lost_ = false;
};

// The project's log lines that came with a frame, as trace steps of this execution.
void TraceLogs(SimContext& ctx, const Json& frame) {
  auto it = frame.find("l");
  if (it == frame.end() || !ctx.Tracing()) return;
  for (const Json& line : *it) {
    if (!line.is_array() || line.size() != 2) continue;
    ctx.TraceStep("log." + line[0].get<std::string>(), "console", line[1].get<std::string>());
  }
}

Json StartFrame(const GasStart& s, Instant now) {
  return Json{{"start",
               {{"execution", s.execution},
                {"deployment", s.deployment},
                {"entry", s.entry},
                {"seed", std::to_string(s.seed)},
                {"now", ToUnixMs(now)},
                {"user_email", s.user_email},
                {"script_id", s.script_id},
                {"time_zone", s.time_zone},
                {"iterator_page_size", s.iterator_page_size},
                {"tracing", s.tracing}}}};
}

GasOutcome RuntimeError(std::string message) {
  GasOutcome out;
  out.kind = GasOutcome::Kind::kRuntimeError;
  out.message = std::move(message);
  return out;
}

}  // namespace

GasOutcome RunGasExecution(GasHost& host, const GasStart& start, GasServices& services, const GasObserver& observer) {
  StatusOr<GasHost::Slot*> acquired = host.Acquire();
  if (!acquired.ok()) return RuntimeError(std::string(acquired.status().message()));
  GasHost::Slot* slot = *acquired;
  SlotGuard guard(host, slot);
  internal::CallState state{services, start, observer, {}};
  Status sent = host.Send(*slot, StartFrame(start, services.clock.Now()).dump());
  if (!sent.ok()) {
    guard.Lost();
    return RuntimeError(std::string(sent.message()));
  }
  for (;;) {
    StatusOr<GasFrame> received = host.Receive(*slot);
    if (!received.ok()) {
      if (received.status().code() != StatusCode::kDeadlineExceeded) guard.Lost();
      return RuntimeError(std::string(received.status().message()));
    }
    Json frame = Json::parse(received->json, nullptr, false);
    if (frame.is_discarded() || !frame.is_object()) return RuntimeError("the worker sent a frame that is not JSON");
    TraceLogs(services.ctx, frame);
    if (frame.contains("done")) {
      GasOutcome out;
      out.calls = frame.value("calls", int64_t{0});
      if (frame.value("ok", false)) {
        out.kind = GasOutcome::Kind::kCompleted;
        out.value = frame.value("value", Json());
      } else {
        const Json error = frame.value("error", Json::object());
        out.kind = error.value("name", std::string()) == "lockstep" ? GasOutcome::Kind::kRuntimeError
                                                                     : GasOutcome::Kind::kFailed;
        out.message = fmt::format("{}: {}", error.value("name", std::string("Error")), error.value("message", std::string()));
        if (services.ctx.Tracing()) services.ctx.TraceStep("gas.exception", start.entry, out.message);
      }
      guard.Finished();
      return out;
    }
    if (frame.contains("unsupported")) {
      guard.Lost();  // the worker exits by itself
      GasOutcome out;
      out.kind = GasOutcome::Kind::kUnsupported;
      out.message = frame["unsupported"].get<std::string>();
      out.site = frame.value("s", std::string());
      return out;
    }
    const std::string op = frame.value("c", std::string());
    if (frame.contains("s")) services.ctx.SetCallSite(frame["s"].get<std::string>());
    static const Json kNoArgs = Json::object();
    auto args = frame.find("a");
    internal::CallAnswer answer =
        internal::ServeCall(state, op, args != frame.end() && args->is_object() ? *args : kNoArgs, received->payload);
    Json reply{{"n", ToUnixMs(services.clock.Now())}};
    if (answer.error) {
      reply["e"] = *answer.error;
    } else {
      reply["r"] = std::move(answer.result);
    }
    Status s = host.Send(*slot, reply.dump(-1, ' ', false, Json::error_handler_t::replace), answer.payload);
    if (!s.ok()) {
      guard.Lost();
      return RuntimeError(std::string(s.message()));
    }
  }
}

}  // namespace lockstep::mocks
