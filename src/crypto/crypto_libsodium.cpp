// HMAC-SHA256 and constant-time comparison from libsodium, compiled into every build of the core
// (cmake/libsodium.cmake), so the shipped module never calls out to the host for them.
#include <sodium/crypto_auth_hmacsha256.h>
#include <sodium/utils.h>

#include <cstring>

#include "crypto/crypto.h"

namespace edgepost {

static_assert(sizeof(crypto_auth_hmacsha256_state) <= 208 && alignof(crypto_auth_hmacsha256_state) <= 8,
              "hmac_sha256_key's storage must hold libsodium's HMAC state");

// The streaming form, because the one-shot crypto_auth_hmacsha256 takes a fixed 32-byte key and
// provider secrets have any length (RFC 2104: longer keys are hashed first, which init does).
hmac_sha256_key::hmac_sha256_key(std::string_view key) : empty_(key.empty()) {
  crypto_auth_hmacsha256_state state;
  // libsodium declares the key non-null even when it is empty; an empty view may have no data.
  const char* bytes = key.empty() ? "" : key.data();
  crypto_auth_hmacsha256_init(&state, reinterpret_cast<const unsigned char*>(bytes), key.size());
  std::memcpy(state_.data(), &state, sizeof state);
  sodium_memzero(&state, sizeof state);
}

sha256_digest hmac_sha256_key::sign(std::string_view message) const {
  sha256_digest out{};
  crypto_auth_hmacsha256_state state;
  std::memcpy(&state, state_.data(), sizeof state);
  crypto_auth_hmacsha256_update(&state, reinterpret_cast<const unsigned char*>(message.data()), message.size());
  crypto_auth_hmacsha256_final(&state, out.data());  // which wipes the copy
  return out;
}

sha256_digest hmac_sha256(std::string_view key, std::string_view message) {
  return hmac_sha256_key(key).sign(message);
}

bool equal_in_constant_time(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;  // lengths are public (fixed-size MACs)
  return sodium_memcmp(a.data(), b.data(), a.size()) == 0;
}

}  // namespace edgepost
