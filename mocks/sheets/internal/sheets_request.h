// Helpers shared by the Sheets service's translation units (sheets_service.cc, sheets_values.cc):
// request checks, JSON answers and grid bounds. Internal to mocks/.
#ifndef LOCKSTEP_MOCKS_SHEETS_INTERNAL_SHEETS_REQUEST_H_
#define LOCKSTEP_MOCKS_SHEETS_INTERNAL_SHEETS_REQUEST_H_

#include <set>
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

#include "mocks/common/http_types.h"
#include "mocks/sheets/sheets_model.h"
#include "mocks/sheets/sheets_service.h"

namespace lockstep::mocks::sheets_internal {

using Json = nlohmann::ordered_json;

Status Invalid(std::string message);  // 400 INVALID_ARGUMENT
HttpResponse JsonResponse(const Json& body);
// The body with the request's `fields` mask applied.
HttpResponse WithFields(const HttpRequest& r, const Json& body);
// Unknown query parameters (besides the system ones) are 400, as in the real API's binder.
Status CheckParams(const HttpRequest& r, const std::set<std::string>& allowed);
// A JSON object body with only these fields ("" is {}); `where` names the object in errors.
StatusOr<Json> ParseBody(const std::string& body, const std::set<std::string>& fields, std::string_view where = "");
// The range bounded by the grid, or 400 "exceeds grid limits".
StatusOr<GridRange> Bounded(const Spreadsheet& ss, GridRange r, std::string_view a1);

}  // namespace lockstep::mocks::sheets_internal

#endif  // LOCKSTEP_MOCKS_SHEETS_INTERNAL_SHEETS_REQUEST_H_
