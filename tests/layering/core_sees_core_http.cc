// Layering probe (tests/layering_test.sh): compiled as if it were a source of lockstep_core, it includes
// src/http/drive_http_client.h, which lockstep_core may not use. The build must fail with "No such file or directory".
#include "src/http/drive_http_client.h"
