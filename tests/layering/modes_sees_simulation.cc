// Layering probe (tests/layering_test.sh): compiled as if it were a source of lockstep_modes, it includes
// harness/simulation/simulation.h, which lockstep_modes may not use. The build must fail with "No such file or directory".
#include "harness/simulation/simulation.h"
