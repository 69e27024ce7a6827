// The stats and list queries: the query string (planned with and without states) and the grouped
// ledger rows the shell hands back, with a quarantined count. Fields: query string, rows JSON,
// quarantined count.
#include "abi_driver.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  fuzzing::configure_once();
  const auto f = fuzzing::split_fields(data, size, 3);
  fuzzing::call_expecting_json("ledger_plan", {fuzzing::now, f[0], "states"});
  fuzzing::call_expecting_json("ledger_plan", {fuzzing::now, f[0], ""});
  fuzzing::call_expecting_json("stats", {fuzzing::now, f[0], f[1], f[2]});
  return 0;
}
