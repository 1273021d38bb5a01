// Layering probe (tests/layering_test.sh): compiled as if it were a source of lockstep_drive, it includes
// mocks/server/mock_server.h, which lockstep_drive may not use. The build must fail with "No such file or directory".
#include "mocks/server/mock_server.h"
