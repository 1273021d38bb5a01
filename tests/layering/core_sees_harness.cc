// Layering probe (tests/layering_test.sh): compiled as if it were a source of lockstep_core, it includes
// harness/runtime/scheduler.h, which lockstep_core may not use. The build must fail with "No such file or directory".
#include "harness/runtime/scheduler.h"
