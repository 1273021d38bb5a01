// Layering probe (tests/layering_test.sh): compiled as if it were a source of lockstep_scenario, it includes
// harness/check/checkers.h, which lockstep_scenario may not use. The build must fail with "No such file or directory".
#include "harness/check/checkers.h"
