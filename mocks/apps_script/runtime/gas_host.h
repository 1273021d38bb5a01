// GasHost: the Node process that runs a real Apps Script project for one exploration worker
// (js/host.mjs), and its pool of worker threads, one per live execution.
//
// The host compiles the project once; each worker evaluates it in a fresh context per execution.
// A worker and its execution's fiber talk over two FIFOs (a slot): the worker writes a request
// and blocks until C++ answers, so between two Apps Script calls the JavaScript runs alone and the
// scheduler's choices fix the schedule. Control lines go over the host's stdin and stdout.
//
// Not thread-safe: one simulation thread owns a host.
//
//   StatusOr<std::unique_ptr<GasHost>> host = GasHost::Start(project, {});
//   StatusOr<GasHost::Slot*> slot = (*host)->Acquire();
//   (*host)->Send(**slot, R"({"start":{...}})");
//   StatusOr<GasFrame> frame = (*host)->Receive(**slot);
#ifndef LOCKSTEP_MOCKS_APPS_SCRIPT_RUNTIME_GAS_HOST_H_
#define LOCKSTEP_MOCKS_APPS_SCRIPT_RUNTIME_GAS_HOST_H_

#include <sys/types.h>

#include <memory>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "mocks/apps_script/runtime/gas_project.h"
#include "src/status.h"

namespace lockstep::mocks {

// One frame between a worker and its fiber: the JSON of a request or reply and, beside it, the
// raw bytes of its one large value (a file's content, an HTTP body), which cross without JSON's
// escaping, parsing and base64 on either side.
struct GasFrame {
  std::string json;
  std::string payload;
};

struct GasHostOptions {
  std::string node;    // the node executable; "" = $LOCKSTEP_NODE, else `node` on the PATH
  std::string js_dir;  // where host.mjs is; "" = $LOCKSTEP_GAS_JS, else the checkout's
  // Real time a worker may run without a frame (an endless loop with no Apps Script call).
  int stall_timeout_ms = 60'000;
  // Start the host on one CPU, for the thread that drives it to pin itself to (cpu_placement.h).
  bool one_cpu = true;
};

class GasHost {
 public:
  struct Slot {
    int id = 0;
    int request_fd = -1;  // frames from the worker
    int reply_fd = -1;    // frames to the worker
    std::string request_path;
    std::string reply_path;
    bool busy = false;
    bool ready = false;     // the worker said so (its first frame)
    bool draining = false;  // its execution was killed: the worker is unwinding it
    int64_t draining_since_ms = 0;
    int64_t released = 0;   // when it last became idle (a count of releases)
    std::string buffer;  // bytes read from the worker; those from buffer_start on are unconsumed
    size_t buffer_start = 0;
    std::string out;     // the frame being written
  };

  // Starts the host and compiles the project. Fails with kInvalidArgument (a syntax error, named
  // "Code.js:184: SyntaxError: ..."), kNotFound (no node) or kUnavailable (the host died).
  static StatusOr<std::unique_ptr<GasHost>> Start(const GasProject& project, const GasHostOptions& options);
  ~GasHost();
  GasHost(const GasHost&) = delete;
  GasHost& operator=(const GasHost&) = delete;

  // An idle worker, started if none is idle. The slot is busy until Release or Discard.
  StatusOr<Slot*> Acquire();
  // The worker ended its execution normally and waits for the next one.
  void Release(Slot* slot);
  // The worker is gone or going (an unsupported call, a crash): waits (bounded) for the host to
  // report its exit, then frees the slot.
  void Discard(Slot* slot);
  // Kills the worker's execution (the time limit): the worker unwinds it without reaching C++
  // and is idle again once it says so; a worker that does not within a second is terminated.
  // Does not wait.
  void Kill(Slot* slot);

  Status Send(Slot& slot, std::string_view json, std::string_view payload = {});
  // The next frame of the slot's worker. kUnavailable if the worker exited, kDeadlineExceeded
  // after the stall timeout.
  StatusOr<GasFrame> Receive(Slot& slot);

  // What the host wrote to stderr lately (for error messages).
  std::string StderrTail() const;
  int workers_started() const { return workers_started_; }
  // The CPU the host runs on, for the thread that drives it; -1 when it was not placed.
  int cpu() const { return cpu_; }

 private:
  GasHost() = default;
  // Starts a worker for a new slot; its ready frame is read when it is first acquired.
  StatusOr<Slot*> OpenSlot();
  // A draining slot whose worker said {done} is idle again; one that took too long is terminated.
  void CheckDraining();
  Status Control(std::string_view line);
  // Reads control lines until `done` says so or the timeout passes (then false).
  template <typename Done>
  bool PumpControl(int timeout_ms, Done done);
  bool HandleControlLine(const std::string& line);
  // Reads from the worker until at least `n` unconsumed bytes are buffered. False at end of file.
  bool Fill(Slot& slot, size_t n);

  GasHostOptions options_;
  pid_t pid_ = -1;
  int control_in_ = -1;   // the host's stdin
  int control_out_ = -1;  // the host's stdout
  std::string control_buffer_;
  std::string temp_dir_;
  std::string stderr_path_;
  std::vector<std::unique_ptr<Slot>> slots_;
  std::set<int> exited_;
  std::string project_error_;  // the project does not compile
  std::string host_error_;     // the host died
  bool ready_ = false;
  int workers_started_ = 0;
  int64_t releases_ = 0;
  int cpu_ = -1;
};

// The folder of host.mjs and the shims: $LOCKSTEP_GAS_JS, else the checkout's.
std::string GasJsDir();

}  // namespace lockstep::mocks

#endif  // LOCKSTEP_MOCKS_APPS_SCRIPT_RUNTIME_GAS_HOST_H_
