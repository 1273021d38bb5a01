// Layering probe (tests/layering_test.sh): compiled as if it were a source of lockstep_report, it includes
// harness/blackbox/scenario_server.h, which lockstep_report may not use. The build must fail with "No such file or directory".
#include "harness/blackbox/scenario_server.h"
