// Checkout identifiers in the origin's answers: a Location header and a JSON body; and whether a
// join key's stored click gives way, with the Location taken as its stored expiry, and the body as
// the time an order began waiting there and as the counts.
#include "abi_driver.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  fuzzing::configure_once();
  const auto f = fuzzing::split_fields(data, size, 2);
  fuzzing::call_expecting_json("response_joins", {f[0], f[1]});
  const fuzzing::answer claim = fuzzing::call_expecting_json("join_click", {fuzzing::now, "stripe_session:cs_test_a", f[0], f[1], f[1], "0"});
  if (claim.code < -1 || claim.code > 2) fuzzing::finding("join_click answered another code", claim.output);
  return 0;
}
