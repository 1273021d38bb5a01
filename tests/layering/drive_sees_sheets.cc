// Layering probe (tests/layering_test.sh): compiled as if it were a source of lockstep_drive, it includes
// mocks/sheets/sheets_model.h, which lockstep_drive may not use. The build must fail with "No such file or directory".
#include "mocks/sheets/sheets_model.h"
