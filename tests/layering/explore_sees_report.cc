// Layering probe (tests/layering_test.sh): compiled as if it were a source of lockstep_explore, it includes
// harness/report/report.h, which lockstep_explore may not use. The build must fail with "No such file or directory".
#include "harness/report/report.h"
