// Layering probe (tests/layering_test.sh): compiled as if it were a source of lockstep_notion, it includes
// mocks/sheets/sheets_service.h, which lockstep_notion may not use. The build must fail with "No such file or directory".
#include "mocks/sheets/sheets_service.h"
