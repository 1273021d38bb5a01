// Logger: where the core's console and UL log lines go.
//
// Each line has a stable machine key (`event`, e.g. "folder.created"), a subject (usually the
// data source id) and the production job's own message text. Checkers and code probes key on
// `event`; the text is built only when a sink asks for it (WantsText), which keeps simulation
// fast.
//
//   LogF(logger, LogLevel::kInfo, "folder.created", ds.id, "[INFO] Created new database folder: {}",
//        name);
#ifndef LOCKSTEP_SRC_LOGGER_H_
#define LOCKSTEP_SRC_LOGGER_H_

#include <string_view>

#include <fmt/format.h>

namespace lockstep {

enum class LogLevel { kDebug, kInfo, kWarn, kError };

std::string_view LogLevelName(LogLevel level);

class Logger {
 public:
  virtual ~Logger() = default;

  // True if Log should be given the formatted message text.
  virtual bool WantsText() const = 0;

  // Records one line. `message` is empty when WantsText() is false. Never suspends the fiber:
  // console logging in Apps Script has no shared-state effect.
  virtual void Log(LogLevel level, std::string_view event, std::string_view subject,
                   std::string_view message) = 0;
};

// A logger that drops everything.
class NullLogger final : public Logger {
 public:
  bool WantsText() const override { return false; }
  void Log(LogLevel, std::string_view, std::string_view, std::string_view) override {}
};

template <typename... Args>
void LogF(Logger& logger, LogLevel level, std::string_view event, std::string_view subject,
          fmt::format_string<Args...> format, Args&&... args) {
  if (logger.WantsText()) {
    logger.Log(level, event, subject, fmt::format(format, std::forward<Args>(args)...));
  } else {
    logger.Log(level, event, subject, {});
  }
}

}  // namespace lockstep

#endif  // LOCKSTEP_SRC_LOGGER_H_
