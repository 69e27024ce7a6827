// HMAC-SHA256 and constant-time comparison from libsodium, compiled into every build of the core
// (cmake/libsodium.cmake), so the shipped module never calls out to the host for them.
#include <sodium/crypto_auth_hmacsha256.h>
#include <sodium/utils.h>

#include "crypto/crypto.h"

namespace edgepost {

sha256_digest hmac_sha256(std::string_view key, std::string_view message) {
  sha256_digest out{};
  // The streaming form, because the one-shot crypto_auth_hmacsha256 takes a fixed 32-byte key and
  // provider secrets have any length (RFC 2104: longer keys are hashed first, which init does).
  crypto_auth_hmacsha256_state state;
  crypto_auth_hmacsha256_init(&state, reinterpret_cast<const unsigned char*>(key.data()), key.size());
  crypto_auth_hmacsha256_update(&state, reinterpret_cast<const unsigned char*>(message.data()), message.size());
  crypto_auth_hmacsha256_final(&state, out.data());
  return out;
}

bool equal_in_constant_time(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;  // lengths are public (fixed-size MACs)
  return sodium_memcmp(a.data(), b.data(), a.size()) == 0;
}

}  // namespace edgepost
