#include "src/check.h"

#include <cstdio>
#include <cstdlib>

namespace lockstep {
namespace {
CheckContextPrinter g_printer = nullptr;
}  // namespace

void SetCheckContextPrinter(CheckContextPrinter printer) { g_printer = printer; }

void CheckFailed(const char* file, int line, const char* condition, std::string_view message) {
  std::fprintf(stderr, "lockstep: check failed at %s:%d: %s", file, line, condition);
  if (!message.empty()) {
    std::fprintf(stderr, ": %.*s", static_cast<int>(message.size()), message.data());
  }
  std::fputc('\n', stderr);
  if (g_printer != nullptr) g_printer();
  std::fflush(stderr);
  std::abort();
}

}  // namespace lockstep
