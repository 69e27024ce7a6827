#include <catch2/catch.hpp>

#include "crypto/crypto.h"

using namespace edgepost;

namespace {
std::string hex_of(const sha256_digest& mac) {
  std::string s;
  for (auto b : mac) {
    s += "0123456789abcdef"[b >> 4];
    s += "0123456789abcdef"[b & 15];
  }
  return s;
}
}  // namespace

TEST_CASE("HMAC-SHA256 matches RFC 4231 test cases 2 6 and 7") {
  CHECK(hex_of(hmac_sha256("Jefe", "what do ya want for nothing?")) ==
        "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843");
  // A key longer than SHA-256's 64-byte block is hashed first (RFC 2104); secrets have any length.
  const std::string long_key(131, '\xaa');
  CHECK(hex_of(hmac_sha256(long_key, "Test Using Larger Than Block-Size Key - Hash Key First")) ==
        "60e431591ee0b67f0d8a26aacbf5b77f8e0bc6213728c5140546040f0ee37f54");
  CHECK(hex_of(hmac_sha256(long_key,
                           "This is a test using a larger than block-size key and a larger than block-size "
                           "data. The key needs to be hashed before being used by the HMAC algorithm.")) ==
        "9b09ffa71b942fcb27635fbcd5b0e944bfdc63644f0713938a7f51535c3a35e2");
  CHECK(equal_in_constant_time("abc", "abc"));
  CHECK_FALSE(equal_in_constant_time("abc", "abd"));
  CHECK_FALSE(equal_in_constant_time("abc", "abcd"));
}

TEST_CASE("a key made ready once signs every message as HMAC-SHA256 does, again and again") {
  const hmac_sha256_key jefe("Jefe");
  for (int i = 0; i < 3; ++i)
    CHECK(hex_of(jefe.sign("what do ya want for nothing?")) ==
          "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843");
  const std::string long_key(131, '\xaa');
  const hmac_sha256_key hashed_first(long_key);
  CHECK(hex_of(hashed_first.sign("Test Using Larger Than Block-Size Key - Hash Key First")) ==
        "60e431591ee0b67f0d8a26aacbf5b77f8e0bc6213728c5140546040f0ee37f54");
  CHECK(hex_of(hmac_sha256_key().sign("a message")) == hex_of(hmac_sha256("", "a message")));
  CHECK(hmac_sha256_key().empty());
  CHECK_FALSE(jefe.empty());
}

TEST_CASE("a secret set again signs with its new text, its key kept in step") {
  hmac_secret secret;
  CHECK(secret.empty());
  secret = "Jefe";
  CHECK(secret.text() == "Jefe");
  CHECK(hex_of(secret.key().sign("what do ya want for nothing?")) ==
        "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843");
  secret = "another secret";
  CHECK(secret.size() == 14);
  CHECK(hex_of(secret.key().sign("what do ya want for nothing?")) == hex_of(hmac_sha256("another secret", "what do ya want for nothing?")));
}
