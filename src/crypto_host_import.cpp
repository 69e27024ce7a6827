// WebAssembly build: the host supplies the cryptography. worker/core.js implements these two
// imports with node:crypto's createHmac and timingSafeEqual (synchronous with nodejs_compat).
#include "crypto.h"

extern "C" {
__attribute__((import_module("env"), import_name("hmac_sha256"))) void edgepost_host_hmac_sha256(
    const char* key, uint32_t key_length, const char* message, uint32_t message_length, uint8_t* out32);
__attribute__((import_module("env"), import_name("timing_safe_equal"))) int32_t edgepost_host_timing_safe_equal(
    const char* a, const char* b, uint32_t length);
}

namespace edgepost {

sha256_digest hmac_sha256(std::string_view key, std::string_view message) {
  sha256_digest out{};
  edgepost_host_hmac_sha256(key.data(), static_cast<uint32_t>(key.size()), message.data(),
                            static_cast<uint32_t>(message.size()), out.data());
  return out;
}

bool equal_in_constant_time(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  return edgepost_host_timing_safe_equal(a.data(), b.data(), static_cast<uint32_t>(a.size())) != 0;
}

}  // namespace edgepost
