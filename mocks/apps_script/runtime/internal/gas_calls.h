// The Apps Script calls of one execution, served through its GasServices: one function per call
// kind ("drive.get", "lock.try", "props.set", "fetch", ...), each answering the JSON result the shim
// expects (and, for a file's content or a response's body, raw bytes beside it) or the message of
// the exception the shim throws. Private to the runtime.
#ifndef LOCKSTEP_MOCKS_APPS_SCRIPT_RUNTIME_INTERNAL_GAS_CALLS_H_
#define LOCKSTEP_MOCKS_APPS_SCRIPT_RUNTIME_INTERNAL_GAS_CALLS_H_

#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

#include "mocks/apps_script/runtime/gas_execution.h"

namespace lockstep::mocks::internal {

struct CallState {
  GasServices& services;
  const GasStart& start;
  const GasObserver& observer;
  std::map<int64_t, std::unique_ptr<Lock>> locks;  // the execution's Lock objects, by handle
};

struct CallAnswer {
  nlohmann::json result;
  std::optional<std::string> error;  // set: the shim throws an Exception with this message
  std::string payload;               // the reply's raw bytes: a file's content, a response's body
};

// `payload` is the request's raw bytes (a file's content, a request body); the call may take them.
CallAnswer ServeCall(CallState& state, std::string_view op, const nlohmann::json& args, std::string& payload);


}  // namespace lockstep::mocks::internal

#endif  // LOCKSTEP_MOCKS_APPS_SCRIPT_RUNTIME_INTERNAL_GAS_CALLS_H_
