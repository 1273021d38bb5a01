// Layering probe (tests/layering_test.sh): compiled as if it were a source of lockstep_server, it includes
// mocks/sim/sim_services.h, which lockstep_server may not use. The build must fail with "No such file or directory".
#include "mocks/sim/sim_services.h"
