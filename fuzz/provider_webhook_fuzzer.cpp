// Each provider's webhook body, signed as that provider signs (Stripe-Signature; Shopify and
// WooCommerce base64 HMAC of the body; Paddle-Signature ts and h1 over ts:body; Square base64 HMAC
// of URL and body) by the harness, so the fuzzer reaches the readers; Adyen's items are not signed,
// so its verifier is what is fuzzed. Fields: provider (a table name, or any text), topic, body.
#include "abi_driver.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  fuzzing::configure_once();
  const auto f = fuzzing::split_fields(data, size, 3);
  const std::string& provider = f[0];
  const std::string& topic = f[1];
  const std::string& body = f[2];
  std::string signature;
  if (provider == "stripe") {
    signature = std::string("t=") + fuzzing::now + ",v1=" +
                fuzzing::hex(fuzzing::hmac_sha256(fuzzing::stripe_secret, std::string(fuzzing::now) + "." + body));
  } else if (provider == "shopify") {
    signature = fuzzing::base64(fuzzing::hmac_sha256(fuzzing::shopify_secret, body));
  } else if (provider == "woocommerce") {
    signature = fuzzing::base64(fuzzing::hmac_sha256(fuzzing::woocommerce_secret, body));
  } else if (provider == "paddle") {
    signature = std::string("ts=") + fuzzing::now + ";h1=" +
                fuzzing::hex(fuzzing::hmac_sha256(fuzzing::paddle_secret, std::string(fuzzing::now) + ":" + body));
  } else if (provider == "square") {
    signature = fuzzing::base64(fuzzing::hmac_sha256(fuzzing::square_key, std::string(fuzzing::webhook_url) + body));
  }
  fuzzing::call_expecting_json("provider_webhook", {fuzzing::now, provider, signature, topic, fuzzing::webhook_url, body});
  return 0;
}
