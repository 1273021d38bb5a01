#include "mocks/apps_script/runtime/gas_host.h"

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <sstream>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "mocks/apps_script/runtime/cpu_placement.h"
#include "src/file_text.h"

extern char** environ;

namespace lockstep::mocks {
namespace {

constexpr int kStartTimeoutMs = 60'000;  // node starting and compiling a 10k-line project
constexpr int kExitTimeoutMs = 10'000;   // a discarded worker reporting its exit
constexpr size_t kFrameBytesMax = 256u << 20;
// A frame: the JSON's length and the payload's (u32, little-endian), the JSON, the payload.
constexpr size_t kFrameHeaderBytes = 8;
constexpr int kWorkersMax = 256;  // worker threads of one host (one per live execution, plus spares)
constexpr int kSpareWorkers = 1;  // idle workers kept beyond the one taken, so that one has prepared
constexpr int kDrainTimeoutMs = 1000;  // a killed execution's code unwinding without Apps Script calls

int64_t SteadyMs() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now().time_since_epoch())
      .count();
}

Status Unavailable(std::string message) { return Status(StatusCode::kUnavailable, 0, "gas-host", std::move(message)); }

bool WriteAll(int fd, const char* data, size_t n) {
  while (n > 0) {
    const ssize_t w = ::write(fd, data, n);
    if (w < 0 && errno == EINTR) continue;
    if (w <= 0) return false;
    data += w;
    n -= static_cast<size_t>(w);
  }
  return true;
}

}  // namespace

std::string GasJsDir() {
  if (const char* dir = std::getenv("LOCKSTEP_GAS_JS"); dir != nullptr && *dir != '\0') return dir;
  return LOCKSTEP_GAS_JS_DIR;
}

StatusOr<std::unique_ptr<GasHost>> GasHost::Start(const GasProject& project, const GasHostOptions& options) {
  // A worker or host that dies must not kill lockstep with SIGPIPE: writes fail instead.
  ::signal(SIGPIPE, SIG_IGN);
  std::unique_ptr<GasHost> host(new GasHost());
  host->options_ = options;
  std::string node = options.node;
  if (node.empty()) {
    const char* env = std::getenv("LOCKSTEP_NODE");
    node = env != nullptr && *env != '\0' ? env : "node";
  }
  const std::string js_dir = options.js_dir.empty() ? GasJsDir() : options.js_dir;
  const std::string script = js_dir + "/host.mjs";
  if (!std::filesystem::exists(script)) {
    return Status(StatusCode::kNotFound, 0, "gas-host", fmt::format("{}: the Apps Script runtime is missing", script));
  }
  const char* tmp = std::getenv("TMPDIR");
  std::string templ = fmt::format("{}/lockstep-gas-XXXXXX", tmp != nullptr && *tmp != '\0' ? tmp : "/tmp");
  if (::mkdtemp(templ.data()) == nullptr) return Unavailable(fmt::format("mkdtemp: {}", std::strerror(errno)));
  host->temp_dir_ = templ;
  host->stderr_path_ = templ + "/host.stderr";

  int in_pipe[2];
  int out_pipe[2];
  if (::pipe2(in_pipe, O_CLOEXEC) != 0 || ::pipe2(out_pipe, O_CLOEXEC) != 0) {
    return Unavailable(fmt::format("pipe: {}", std::strerror(errno)));
  }
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_adddup2(&actions, in_pipe[0], 0);
  posix_spawn_file_actions_adddup2(&actions, out_pipe[1], 1);
  posix_spawn_file_actions_addopen(&actions, 2, host->stderr_path_.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0600);
  // The project's time zone for Date's local getters (appsscript.json timeZone).
  std::vector<std::string> env_storage;
  for (char** e = environ; *e != nullptr; ++e) {
    if (std::strncmp(*e, "TZ=", 3) != 0) env_storage.emplace_back(*e);
  }
  env_storage.push_back("TZ=" + project.time_zone);
  std::vector<char*> envp;
  for (std::string& e : env_storage) envp.push_back(e.data());
  envp.push_back(nullptr);
  std::vector<std::string> args_storage = {node, "--max-old-space-size=4096", script};
  std::vector<char*> argv;
  for (std::string& a : args_storage) argv.push_back(a.data());
  argv.push_back(nullptr);
  // The host gets a process group of its own: a terminal's Ctrl-C then reaches lockstep alone,
  // which finishes the schedule under way (its hosts still answering) and writes its reports; a
  // host ends when its control pipe closes, as when lockstep exits.
  posix_spawnattr_t attr;
  posix_spawnattr_init(&attr);
  posix_spawnattr_setflags(&attr, POSIX_SPAWN_SETPGROUP);
  posix_spawnattr_setpgroup(&attr, 0);
  pid_t pid = -1;
  host->cpu_ = options.one_cpu ? NextHostCpu() : -1;
  int rc = 0;
  {
    const ScopedCpuPin pin(host->cpu_);  // Node and all its threads inherit the one-CPU mask
    rc = ::posix_spawnp(&pid, node.c_str(), &actions, &attr, argv.data(), envp.data());
  }
  posix_spawn_file_actions_destroy(&actions);
  posix_spawnattr_destroy(&attr);
  ::close(in_pipe[0]);
  ::close(out_pipe[1]);
  if (rc != 0) {
    ::close(in_pipe[1]);
    ::close(out_pipe[0]);
    return Status(StatusCode::kNotFound, 0, "gas-host",
                  fmt::format("cannot start {} (the Apps Script runtime needs Node.js; scripts/install-deps.sh "
                              "installs it, LOCKSTEP_NODE names another): {}", node, std::strerror(rc)));
  }
  host->pid_ = pid;
  host->control_in_ = in_pipe[1];
  host->control_out_ = out_pipe[0];

  nlohmann::json files = nlohmann::json::array();
  for (const GasFile& f : project.files) files.push_back({{"name", f.name}, {"path", f.path}});
  Status s = host->Control(nlohmann::json{{"project", {{"files", files}}}}.dump());
  if (!s.ok()) return s;
  GasHost* h = host.get();
  const bool answered = host->PumpControl(kStartTimeoutMs, [h] {
    return h->ready_ || !h->project_error_.empty() || !h->host_error_.empty();
  });
  if (!host->project_error_.empty()) {
    return Status(StatusCode::kInvalidArgument, 0, "gas-project", fmt::format("{}/{}", project.root, host->project_error_));
  }
  if (!answered || !host->ready_) {
    return Unavailable(fmt::format("the Apps Script host did not start: {}", host->StderrTail()));
  }
  return host;
}

GasHost::~GasHost() {
  // An idle worker blocks in a read of its reply FIFO, where Node cannot stop it: tell each to end.
  for (auto& s : slots_) {
    if (s->reply_fd >= 0 && exited_.count(s->id) == 0 && !s->busy) Send(*s, R"({"quit":true})");
  }
  if (control_in_ >= 0) {
    Control(R"({"quit":true})");
    ::close(control_in_);
  }
  if (pid_ > 0) {
    int status = 0;
    const int64_t until = SteadyMs() + 5000;
    while (::waitpid(pid_, &status, WNOHANG) == 0) {
      if (SteadyMs() > until) {
        ::kill(pid_, SIGKILL);
        ::waitpid(pid_, &status, 0);
        break;
      }
      ::usleep(2000);
    }
  }
  if (control_out_ >= 0) ::close(control_out_);
  for (auto& s : slots_) {
    if (s->request_fd >= 0) ::close(s->request_fd);
    if (s->reply_fd >= 0) ::close(s->reply_fd);
  }
  std::error_code ec;
  if (!temp_dir_.empty()) std::filesystem::remove_all(temp_dir_, ec);
}

Status GasHost::Control(std::string_view line) {
  std::string text(line);
  text += '\n';
  if (!WriteAll(control_in_, text.data(), text.size())) {
    return Unavailable(fmt::format("the Apps Script host is gone: {}", StderrTail()));
  }
  return Status();
}

bool GasHost::HandleControlLine(const std::string& line) {
  nlohmann::json msg = nlohmann::json::parse(line, nullptr, false);
  if (msg.is_discarded()) return false;
  if (msg.contains("host")) ready_ = true;
  if (msg.contains("error")) project_error_ = msg["error"].get<std::string>();
  if (msg.contains("exited")) exited_.insert(msg["exited"].get<int>());
  return true;
}

template <typename Done>
bool GasHost::PumpControl(int timeout_ms, Done done) {
  const int64_t until = SteadyMs() + timeout_ms;
  for (;;) {
    if (done()) return true;
    const int64_t left = until - SteadyMs();
    if (left < 0) return false;
    pollfd p{control_out_, POLLIN, 0};
    const int n = ::poll(&p, 1, static_cast<int>(left));
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) return done();
    char buf[4096];
    const ssize_t r = ::read(control_out_, buf, sizeof buf);
    if (r <= 0) {
      if (host_error_.empty()) host_error_ = "the Apps Script host exited: " + StderrTail();
      return done();
    }
    control_buffer_.append(buf, static_cast<size_t>(r));
    for (size_t nl; (nl = control_buffer_.find('\n')) != std::string::npos;) {
      HandleControlLine(control_buffer_.substr(0, nl));
      control_buffer_.erase(0, nl + 1);
    }
  }
}

StatusOr<GasHost::Slot*> GasHost::OpenSlot() {
  auto slot = std::make_unique<Slot>();
  slot->id = workers_started_++;
  slot->request_path = fmt::format("{}/{}.req", temp_dir_, slot->id);
  slot->reply_path = fmt::format("{}/{}.rep", temp_dir_, slot->id);
  if (::mkfifo(slot->request_path.c_str(), 0600) != 0 || ::mkfifo(slot->reply_path.c_str(), 0600) != 0) {
    return Unavailable(fmt::format("mkfifo: {}", std::strerror(errno)));
  }
  // Read-write opens of a FIFO never block (Linux), and keep the FIFO open whatever the worker
  // does; a worker's death is learnt from the host's control line instead of an end of file.
  slot->request_fd = ::open(slot->request_path.c_str(), O_RDWR | O_CLOEXEC);
  slot->reply_fd = ::open(slot->reply_path.c_str(), O_RDWR | O_CLOEXEC);
  if (slot->request_fd < 0 || slot->reply_fd < 0) return Unavailable(fmt::format("open FIFO: {}", std::strerror(errno)));
  Status s = Control(nlohmann::json{{"open", slot->id}, {"req", slot->request_path}, {"rep", slot->reply_path}}.dump());
  if (!s.ok()) return s;
  slots_.push_back(std::move(slot));
  return slots_.back().get();
}

void GasHost::Kill(Slot* slot) {
  if (!Send(*slot, R"({"kill":true})").ok()) {
    Discard(slot);
    return;
  }
  slot->draining = true;
  slot->draining_since_ms = SteadyMs();
}

void GasHost::CheckDraining() {
  std::vector<Slot*> gone;
  for (auto& s : slots_) {
    if (!s->draining) continue;
    if (exited_.count(s->id) > 0) {
      gone.push_back(s.get());
      continue;
    }
    pollfd p{s->request_fd, POLLIN, 0};
    while (::poll(&p, 1, 0) > 0 && (p.revents & POLLIN) != 0) {
      StatusOr<GasFrame> frame = Receive(*s);  // a whole frame is on its way: the worker writes it at once
      if (!frame.ok()) break;
      if (frame->json.find("\"done\"") != std::string::npos) {
        s->draining = false;
        s->busy = false;
        s->released = ++releases_;
        break;
      }
    }
    if (s->draining && SteadyMs() - s->draining_since_ms > kDrainTimeoutMs) {
      Control(fmt::format(R"({{"terminate":{}}})", s->id));
      gone.push_back(s.get());
    }
  }
  for (Slot* s : gone) Discard(s);
}

StatusOr<GasHost::Slot*> GasHost::Acquire() {
  CheckDraining();
  // The idle worker that has been idle longest: a worker prepares its next context after each
  // execution (most of a millisecond), so the one that just finished is the last choice. When at
  // most one worker is idle, one more is started for later (not waited for), until the pool has
  // one spare beyond the executions that run at once.
  Slot* best = nullptr;
  int idle = 0;  // idle workers, the ones still starting included
  for (auto& s : slots_) {
    if (s->busy || s->draining || s->request_fd < 0) continue;
    ++idle;
    const bool better = best == nullptr || (s->ready && !best->ready) ||
                        (s->ready == best->ready && s->released < best->released);
    if (better) best = s.get();
  }
  if (idle <= kSpareWorkers && static_cast<int>(slots_.size()) < kWorkersMax) {
    StatusOr<Slot*> spare = OpenSlot();
    if (!spare.ok()) return spare.status();
    if (best == nullptr) best = *spare;
  }
  if (!best->ready) {
    StatusOr<GasFrame> ready = Receive(*best);
    if (!ready.ok()) return ready.status();
    best->ready = true;
  }
  best->busy = true;
  return best;
}

void GasHost::Release(Slot* slot) {
  slot->busy = false;
  slot->released = ++releases_;
}

void GasHost::Discard(Slot* slot) {
  const int id = slot->id;
  PumpControl(kExitTimeoutMs, [this, id] { return exited_.count(id) > 0 || !host_error_.empty(); });
  exited_.erase(id);
  ::close(slot->request_fd);
  ::close(slot->reply_fd);
  slot->request_fd = slot->reply_fd = -1;
  std::error_code ec;
  std::filesystem::remove(slot->request_path, ec);
  std::filesystem::remove(slot->reply_path, ec);
  for (auto it = slots_.begin(); it != slots_.end(); ++it) {
    if (it->get() == slot) {
      slots_.erase(it);
      break;
    }
  }
}

namespace {

void PutU32(char* at, uint32_t n) {
  at[0] = static_cast<char>(n & 0xff);
  at[1] = static_cast<char>((n >> 8) & 0xff);
  at[2] = static_cast<char>((n >> 16) & 0xff);
  at[3] = static_cast<char>((n >> 24) & 0xff);
}

size_t GetU32(const char* at) {
  const auto* h = reinterpret_cast<const unsigned char*>(at);
  return h[0] | (h[1] << 8) | (h[2] << 16) | (static_cast<size_t>(h[3]) << 24);
}

}  // namespace

Status GasHost::Send(Slot& slot, std::string_view json, std::string_view payload) {
  if (exited_.count(slot.id) > 0) return Unavailable(fmt::format("worker {} has exited", slot.id));
  // One write per frame: the worker wakes once, with the whole frame to read.
  std::string& out = slot.out;
  out.resize(kFrameHeaderBytes + json.size() + payload.size());
  PutU32(out.data(), static_cast<uint32_t>(json.size()));
  PutU32(out.data() + 4, static_cast<uint32_t>(payload.size()));
  std::memcpy(out.data() + kFrameHeaderBytes, json.data(), json.size());
  if (!payload.empty()) std::memcpy(out.data() + kFrameHeaderBytes + json.size(), payload.data(), payload.size());
  if (!WriteAll(slot.reply_fd, out.data(), out.size())) {
    return Unavailable(fmt::format("writing to worker {}: {}", slot.id, std::strerror(errno)));
  }
  return Status();
}

bool GasHost::Fill(Slot& slot, size_t n) {
  while (slot.buffer.size() - slot.buffer_start < n) {
    if (slot.buffer_start > 0 && slot.buffer_start == slot.buffer.size()) {
      slot.buffer.clear();
      slot.buffer_start = 0;
    }
    char chunk[64 * 1024];
    const ssize_t r = ::read(slot.request_fd, chunk, sizeof chunk);
    if (r < 0 && errno == EINTR) continue;
    if (r < 0 && errno == EAGAIN) {
      pollfd p{slot.request_fd, POLLIN, 0};
      ::poll(&p, 1, 1000);
      continue;
    }
    if (r <= 0) return false;
    slot.buffer.append(chunk, static_cast<size_t>(r));
  }
  return true;
}

StatusOr<GasFrame> GasHost::Receive(Slot& slot) {
  const int64_t until = SteadyMs() + options_.stall_timeout_ms;
  // A frame (or its start) may be buffered already: poll only when nothing is.
  while (slot.buffer.size() - slot.buffer_start < kFrameHeaderBytes) {
    if (exited_.count(slot.id) > 0 || !host_error_.empty()) {
      return Unavailable(fmt::format("the worker of this execution exited unexpectedly: {}", StderrTail()));
    }
    const int64_t left = until - SteadyMs();
    if (left <= 0) {
      return Status(StatusCode::kDeadlineExceeded, 0, "gas-stall",
                    fmt::format("the execution ran {} s of real time without an Apps Script call (an endless loop?)",
                                options_.stall_timeout_ms / 1000));
    }
    pollfd p[2] = {{slot.request_fd, POLLIN, 0}, {control_out_, POLLIN, 0}};
    const int ready = ::poll(p, 2, static_cast<int>(left));
    if (ready < 0 && errno == EINTR) continue;
    if (ready < 0) return Unavailable(fmt::format("poll: {}", std::strerror(errno)));
    if (p[1].revents != 0) PumpControl(0, [] { return false; });
    const size_t buffered = slot.buffer.size() - slot.buffer_start;
    if ((p[0].revents & POLLIN) != 0 && !Fill(slot, buffered + 1)) return Unavailable("reading a frame header");
  }
  const char* header = slot.buffer.data() + slot.buffer_start;
  const size_t json_bytes = GetU32(header);
  const size_t payload_bytes = GetU32(header + 4);
  if (json_bytes + payload_bytes > kFrameBytesMax) {
    return Unavailable(fmt::format("a frame of {} bytes", json_bytes + payload_bytes));
  }
  if (!Fill(slot, kFrameHeaderBytes + json_bytes + payload_bytes)) return Unavailable("reading a frame");
  const size_t at = slot.buffer_start + kFrameHeaderBytes;
  GasFrame frame{slot.buffer.substr(at, json_bytes), slot.buffer.substr(at + json_bytes, payload_bytes)};
  slot.buffer_start = at + json_bytes + payload_bytes;
  if (slot.buffer_start == slot.buffer.size()) {
    slot.buffer.clear();
    slot.buffer_start = 0;
  }
  return frame;
}

std::string GasHost::StderrTail() const {
  std::string s = ReadFileText(stderr_path_).value_or("");
  if (s.size() > 2000) s = "..." + s.substr(s.size() - 2000);
  while (!s.empty() && (s.back() == '\n' || s.back() == ' ')) s.pop_back();
  return s.empty() ? "(nothing on stderr)" : s;
}

}  // namespace lockstep::mocks
