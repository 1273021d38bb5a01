// NotionHttpTransport: the NotionTransport over HTTP (cpp-httplib) to `lockstep serve` or
// api.notion.com-compatible endpoints: base URL + /v1/ + path, `Authorization: Bearer <token>`,
// `Notion-Version`, JSON bodies. Thread-safe: a connection per request. The token is never logged.
//
//   auto transport = NewNotionHttpTransport({.base_url = url, .token = *token}, "2025-09-03");
//   NotionClient notion(*transport, clock);
#ifndef LOCKSTEP_SRC_HTTP_NOTION_HTTP_CLIENT_H_
#define LOCKSTEP_SRC_HTTP_NOTION_HTTP_CLIENT_H_

#include <memory>
#include <string>

#include "src/http/drive_http_client.h"
#include "src/notion_api.h"

namespace lockstep {

std::unique_ptr<NotionTransport> NewNotionHttpTransport(const HttpClientOptions& options,
                                                        std::string notion_version = "2025-09-03");

}  // namespace lockstep

#endif  // LOCKSTEP_SRC_HTTP_NOTION_HTTP_CLIENT_H_
