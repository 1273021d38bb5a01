// Layering probe (tests/layering_test.sh): compiled as if it were a source of lockstep_apps_script, it includes
// mocks/apps_script/runtime/gas_host.h, which lockstep_apps_script may not use. The build must fail with "No such file or directory".
#include "mocks/apps_script/runtime/gas_host.h"
