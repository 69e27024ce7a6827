// The provider continuation (Stripe line items, page after page): the continuation the core wrote,
// the fetch's HTTP status and the page Stripe answered. Fields: continuation, status, page.
#include "abi_driver.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  fuzzing::configure_once();
  const auto f = fuzzing::split_fields(data, size, 3);
  fuzzing::call_expecting_json("provider_continue", {fuzzing::now, f[0], f[1], f[2]});
  return 0;
}
