// Layering probe (tests/layering_test.sh): compiled as if it were a source of lockstep_faults, it includes
// mocks/server/http_binding.h, which lockstep_faults may not use. The build must fail with "No such file or directory".
#include "mocks/server/http_binding.h"
