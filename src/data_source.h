// DataSource: the part of a Notion data source object the folder step reads.
#ifndef LOCKSTEP_SRC_DATA_SOURCE_H_
#define LOCKSTEP_SRC_DATA_SOURCE_H_

#include <string>

namespace lockstep {

struct DataSource {
  std::string id;     // the dashed UUID, as Notion returns it
  std::string title;  // title[0].plain_text; empty means no title
};

}  // namespace lockstep

#endif  // LOCKSTEP_SRC_DATA_SOURCE_H_
