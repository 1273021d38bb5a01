// Layering probe (tests/layering_test.sh): compiled as if it were a source of lockstep_calibrate, it includes
// harness/scenario/scenario.h, which lockstep_calibrate may not use. The build must fail with "No such file or directory".
#include "harness/scenario/scenario.h"
