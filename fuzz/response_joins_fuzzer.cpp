// Checkout identifiers in the origin's answers: a Location header and a JSON body.
#include "abi_driver.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  fuzzing::configure_once();
  const auto f = fuzzing::split_fields(data, size, 2);
  fuzzing::call_expecting_json(fuzzing::response_joins, {f[0], f[1]});
  return 0;
}
