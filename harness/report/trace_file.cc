#include "harness/report/trace_file.h"

#include <elf.h>
#include <link.h>

#include <algorithm>
#include <cstring>
#include <fstream>
#include <iterator>

#include <fmt/format.h>

#include "src/json_text.h"

namespace lockstep::harness {
namespace {

// The GNU build id of the main program, as hex; "" when the linker wrote none.
std::string ElfBuildId() {
  std::string id;
  dl_iterate_phdr(
      [](dl_phdr_info* info, size_t, void* out) -> int {
        // The first object is the main program.
        for (int i = 0; i < info->dlpi_phnum; ++i) {
          const ElfW(Phdr)& ph = info->dlpi_phdr[i];
          if (ph.p_type != PT_NOTE) continue;
          const char* p = reinterpret_cast<const char*>(info->dlpi_addr + ph.p_vaddr);
          const char* end = p + ph.p_memsz;
          while (p + sizeof(ElfW(Nhdr)) <= end) {
            const auto* note = reinterpret_cast<const ElfW(Nhdr)*>(p);
            const char* name = p + sizeof(ElfW(Nhdr));
            const char* desc = name + ((note->n_namesz + 3) & ~3u);
            if (note->n_type == NT_GNU_BUILD_ID && note->n_namesz == 4 && std::memcmp(name, "GNU", 4) == 0 &&
                desc + note->n_descsz <= end) {
              std::string& hex = *static_cast<std::string*>(out);
              for (uint32_t b = 0; b < note->n_descsz; ++b) {
                hex += fmt::format("{:02x}", static_cast<unsigned char>(desc[b]));
              }
              return 1;
            }
            p = desc + ((note->n_descsz + 3) & ~3u);
          }
        }
        return 1;
      },
      &id);
  return id;
}

// FNV-1a 64 of the executable's bytes.
std::string ExecutableHash() {
  std::ifstream in("/proc/self/exe", std::ios::binary);
  uint64_t h = 1469598103934665603ull;
  char buf[1 << 16];
  while (in.read(buf, sizeof buf) || in.gcount() > 0) {
    for (std::streamsize i = 0; i < in.gcount(); ++i) {
      h = (h ^ static_cast<unsigned char>(buf[i])) * 1099511628211ull;
    }
  }
  return fmt::format("fnv64:{:016x}", h);
}

}  // namespace

const std::string& BuildId() {
  static const std::string id = [] {
    std::string b = ElfBuildId();
    return fmt::format("lockstep {} {}", LOCKSTEP_VERSION, b.empty() ? ExecutableHash() : b);
  }();
  return id;
}

StatusOr<TraceFile> ParseTraceFile(const std::string& text, const std::string& label) {
  StatusOr<nlohmann::json> parsed = ParseJsonText(text, label, "a lockstep-trace/1 file");
  if (!parsed.ok()) return parsed.status();
  const nlohmann::json& j = *parsed;
  if (!j.is_object() || !j.contains("format") || j["format"] != "lockstep-trace/1") {
    return JsonTextError(label, JsonLineOfKey(text, "format"),
               "expected a lockstep-trace/1 file (\"format\": \"lockstep-trace/1\", with scenario_yaml, seed, "
               "choices and steps)");
  }
  auto field_error = [&](const char* key, const char* expected) {
    return JsonTextError(label, JsonLineOfKey(text, key), fmt::format("{}: expected {}", key, expected));
  };
  TraceFile t;
  if (!j.contains("scenario_yaml") || !j["scenario_yaml"].is_string()) {
    return field_error("scenario_yaml", "the scenario as a YAML string");
  }
  t.scenario_yaml = j["scenario_yaml"].get<std::string>();
  if (j.contains("scenario_file")) {
    if (!j["scenario_file"].is_string()) return field_error("scenario_file", "a string");
    t.scenario_file = j["scenario_file"].get<std::string>();
  }
  if (!j.contains("seed") || !j["seed"].is_number_unsigned()) return field_error("seed", "an unsigned integer");
  t.seed = j["seed"].get<uint64_t>();
  if (!j.contains("choices") || !j["choices"].is_array()) return field_error("choices", "an array of execution numbers");
  for (const nlohmann::json& c : j["choices"]) {
    if (!c.is_number_unsigned() || c.get<uint64_t>() > 1'000'000) {
      return field_error("choices", "execution numbers (integers from 0)");
    }
    t.choices.push_back(static_cast<mocks::ExecutionId>(c.get<uint64_t>()));
  }
  if (!j.contains("steps") || !j["steps"].is_array()) return field_error("steps", "an array of steps");
  t.steps = j["steps"];
  if (j.contains("build")) {
    if (!j["build"].is_string()) return field_error("build", "a string");
    t.build = j["build"].get<std::string>();
  }
  return t;
}

}  // namespace lockstep::harness
