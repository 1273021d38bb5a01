// Layering probe (tests/layering_test.sh): compiled as if it were a source of lockstep_gas, it includes
// harness/runtime/scheduler.h, which lockstep_gas may not use. The build must fail with "No such file or directory".
#include "harness/runtime/scheduler.h"
