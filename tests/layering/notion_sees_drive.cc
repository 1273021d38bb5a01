// Layering probe (tests/layering_test.sh): compiled as if it were a source of lockstep_notion, it includes
// mocks/drive/drive_query.h, which lockstep_notion may not use. The build must fail with "No such file or directory".
#include "mocks/drive/drive_query.h"
