// Invariant checks that stay on in every build type.
//
// A failed check prints the condition, the place and whatever context the running program has
// registered (the harness registers seed, virtual time, execution and scenario), then aborts.
//
//   LOCKSTEP_CHECK(count <= kMax) << "more than kMax";   // not supported: use the message form
//   LOCKSTEP_CHECK_MSG(count <= kMax, "count=" + std::to_string(count));
#ifndef LOCKSTEP_SRC_CHECK_H_
#define LOCKSTEP_SRC_CHECK_H_

#include <string>
#include <string_view>

namespace lockstep {

// Prints extra context (for example seed and virtual time) to stderr before an abort.
// REQUIRES: the function must not itself fail a check.
using CheckContextPrinter = void (*)();
void SetCheckContextPrinter(CheckContextPrinter printer);

[[noreturn]] void CheckFailed(const char* file, int line, const char* condition,
                              std::string_view message);

}  // namespace lockstep

#define LOCKSTEP_CHECK(cond)                                                     \
  do {                                                                           \
    if (!(cond)) ::lockstep::CheckFailed(__FILE__, __LINE__, #cond, {});         \
  } while (0)

#define LOCKSTEP_CHECK_MSG(cond, msg)                                            \
  do {                                                                           \
    if (!(cond)) ::lockstep::CheckFailed(__FILE__, __LINE__, #cond, (msg));      \
  } while (0)

#endif  // LOCKSTEP_SRC_CHECK_H_
