#include "src/drive_api.h"

namespace lockstep {

Status ListAllChildren(DriveApi& drive, ListChildrenRequest request, std::vector<DriveFile>& out,
                       int page_count_max) {
  std::string token;
  for (int page = 0; page < page_count_max; ++page) {
    request.page_token = token;
    StatusOr<FileList> list = drive.ListChildren(request);
    if (!list.ok()) return list.status();
    for (DriveFile& f : list->files) out.push_back(std::move(f));
    if (list->next_page_token.empty()) return Status();
    token = std::move(list->next_page_token);
  }
  return CoreError(StatusCode::kInternal, "listing did not end within the page limit");
}

}  // namespace lockstep
