#include "mocks/apps_script/runtime/gas_tools.h"

#include <fcntl.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <filesystem>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "mocks/apps_script/runtime/gas_host.h"

extern char** environ;

namespace lockstep::mocks {

StatusOr<int> RunGasTool(const std::string& script, const std::vector<std::string>& args, const std::string& input) {
  ::signal(SIGPIPE, SIG_IGN);
  const char* env_node = std::getenv("LOCKSTEP_NODE");
  const std::string node = env_node != nullptr && *env_node != '\0' ? env_node : "node";
  const std::string path = GasJsDir() + "/" + script;
  if (!std::filesystem::exists(path)) {
    return Status(StatusCode::kNotFound, 0, "gas-tool", fmt::format("{}: missing", path));
  }
  int in[2];
  if (::pipe2(in, O_CLOEXEC) != 0) return Status(StatusCode::kUnavailable, 0, "gas-tool", std::strerror(errno));
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_adddup2(&actions, in[0], 0);
  std::vector<std::string> storage = {node, path};
  storage.insert(storage.end(), args.begin(), args.end());
  std::vector<char*> argv;
  for (std::string& a : storage) argv.push_back(a.data());
  argv.push_back(nullptr);
  pid_t pid = -1;
  const int rc = ::posix_spawnp(&pid, node.c_str(), &actions, nullptr, argv.data(), environ);
  posix_spawn_file_actions_destroy(&actions);
  ::close(in[0]);
  if (rc != 0) {
    ::close(in[1]);
    return Status(StatusCode::kNotFound, 0, "gas-tool",
                  fmt::format("cannot start {} (Node.js is needed; scripts/install-deps.sh installs it): {}", node,
                              std::strerror(rc)));
  }
  for (size_t off = 0; off < input.size();) {
    const ssize_t w = ::write(in[1], input.data() + off, input.size() - off);
    if (w < 0 && errno == EINTR) continue;
    if (w <= 0) break;
    off += static_cast<size_t>(w);
  }
  ::close(in[1]);
  int status = 0;
  while (::waitpid(pid, &status, 0) < 0 && errno == EINTR) {
  }
  if (!WIFEXITED(status)) return Status(StatusCode::kUnavailable, 0, "gas-tool", fmt::format("{} died", script));
  return WEXITSTATUS(status);
}

std::string SurfaceInput(const GasProject& project) {
  nlohmann::json files = nlohmann::json::array();
  for (const GasFile& f : project.files) files.push_back({{"name", f.name}, {"path", f.path}});
  return nlohmann::json{{"project", project.dir}, {"files", files}}.dump();
}

}  // namespace lockstep::mocks
