// Layering probe (tests/layering_test.sh): compiled as if it were a source of lockstep_simulation, it includes
// harness/explore/explorer.h, which lockstep_simulation may not use. The build must fail with "No such file or directory".
#include "harness/explore/explorer.h"
