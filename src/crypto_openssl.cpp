// Native build: HMAC-SHA256 and constant-time comparison from OpenSSL (libssl-dev).
#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/hmac.h>

#include "crypto.h"

namespace edgepost {

sha256_digest hmac_sha256(std::string_view key, std::string_view message) {
  sha256_digest out{};
  unsigned int length = 0;
  HMAC(EVP_sha256(), key.data(), static_cast<int>(key.size()),
       reinterpret_cast<const unsigned char*>(message.data()), message.size(), out.data(), &length);
  return out;
}

bool equal_in_constant_time(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;  // lengths are public (fixed-size MACs)
  return CRYPTO_memcmp(a.data(), b.data(), a.size()) == 0;
}

}  // namespace edgepost
