// The generic orders API body, signed per Standard Webhooks by the harness so the fuzzer reaches the
// parser, the click resolution and the arrival written for the order's record.
#include "abi_driver.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  fuzzing::configure_once();
  const std::string body(reinterpret_cast<const char*>(data), size);
  const std::string id = "msg_fuzz";
  const std::string signature =
      "v1," + fuzzing::base64(fuzzing::hmac_sha256(fuzzing::orders_key, id + "." + fuzzing::now + "." + body));
  fuzzing::call_expecting_json("orders_intake", {fuzzing::now, id, fuzzing::now, signature, body});
  return 0;
}
