#include <catch2/catch.hpp>

#include "attribution/attribution_token.h"
#include "crypto/crypto.h"
#include "encoding/base64.h"
#include "intake/standard_webhooks.h"

using namespace edgepost;

namespace {
const std::string secret = "unit-test-cookie-secret-0123456789";
const std::string previous = "previous-cookie-secret-0123456789";
constexpr unix_seconds now = 1795514520;
constexpr int64_t thirty_days = 30 * 86400;
click sample() { return click{"TnL5HPStwNw-yKbFu3Ca.Y_g/*Nf1Zmzaw", now - 3600, "12345", "EAID"}; }
}  // namespace

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

TEST_CASE("attribution tokens sign and verify") {
  const std::string token = sign_attribution_token(sample(), secret);
  CHECK(token.rfind("v1.", 0) == 0);
  click c;
  REQUIRE(verify_attribution_token(token, {secret, ""}, now, thirty_days).get(c) == error_code::success);
  CHECK(c.site_id == sample().site_id);
  CHECK(c.landed_at == now - 3600);
  CHECK(c.mid == "12345");
  CHECK(c.eaid == "EAID");
}

TEST_CASE("attribution tokens refuse tampering, foreign secrets, expiry and the future") {
  const std::string token = sign_attribution_token(sample(), secret);
  click c;
  SECTION("a changed payload") {
    std::string forged = token;
    const size_t dot = forged.find('.', 3);
    const std::string other = base64_encode("FORGED|1795942920|12345|EAID", base64_alphabet::url_safe);
    forged.replace(3, dot - 3, other);
    CHECK(verify_attribution_token(forged, {secret, ""}, now, thirty_days).get(c) == error_code::bad_signature);
  }
  SECTION("a changed MAC") {
    std::string forged = token;
    forged.back() = forged.back() == 'A' ? 'B' : 'A';
    CHECK(verify_attribution_token(forged, {secret, ""}, now, thirty_days).get(c) == error_code::bad_signature);
  }
  SECTION("another secret") {
    CHECK(verify_attribution_token(token, {"someone-elses-secret", ""}, now, thirty_days).get(c) ==
          error_code::bad_signature);
  }
  SECTION("expired") {
    CHECK(verify_attribution_token(token, {secret, ""}, now + thirty_days, thirty_days).get(c) ==
          error_code::token_expired);
    CHECK(verify_attribution_token(token, {secret, ""}, now - 3600 + thirty_days, thirty_days).get(c) ==
          error_code::success);
  }
  SECTION("from the future") {
    CHECK(verify_attribution_token(token, {secret, ""}, now - 3600 - 301, thirty_days).get(c) ==
          error_code::token_expired);
  }
  SECTION("malformed") {
    for (const char* bad : {"", "v1.", "v1.abc", "v2.abc.def", "garbage", "v1..x"})
      CHECK(verify_attribution_token(bad, {secret, ""}, now, thirty_days).get(c) != error_code::success);
    CHECK(verify_attribution_token(std::string(2000, 'a'), {secret, ""}, now, thirty_days).get(c) ==
          error_code::token_malformed);
  }
}

TEST_CASE("a token signed with the previous secret verifies during rotation") {
  const std::string old_token = sign_attribution_token(sample(), previous);
  click c;
  CHECK(verify_attribution_token(old_token, {secret, previous}, now, thirty_days).get(c) == error_code::success);
  CHECK(verify_attribution_token(old_token, {secret, ""}, now, thirty_days).get(c) == error_code::bad_signature);
}

TEST_CASE("Standard Webhooks signatures verify per the specification") {
  // The example from the Standard Webhooks specification's reference implementation tests.
  const std::string secret_text = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
  const std::string body = R"({"test": 2432232314})";
  const standard_webhook_headers headers{"msg_p5jXN8AQM9LWM0D4loKWxJek", "1614265330",
                                         "v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE="};
  CHECK(verify_standard_webhook(headers, body, secret_text, 1614265330, 300) == error_code::success);
  CHECK(verify_standard_webhook(headers, body, secret_text, 1614265330 + 299, 300) == error_code::success);
  CHECK(verify_standard_webhook(headers, body, secret_text, 1614265330 + 301, 300) == error_code::stale_timestamp);
  CHECK(verify_standard_webhook(headers, body, secret_text, 1614265330 - 301, 300) == error_code::stale_timestamp);
  CHECK(verify_standard_webhook(headers, body + " ", secret_text, 1614265330, 300) == error_code::bad_signature);

  auto multi = headers;
  const std::string list = "v1a,xxx v1,bm90LXRoaXM= v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=";
  multi.signature = list;
  CHECK(verify_standard_webhook(multi, body, secret_text, 1614265330, 300) == error_code::success);

  auto other_id = headers;
  other_id.id = "msg_other";
  CHECK(verify_standard_webhook(other_id, body, secret_text, 1614265330, 300) == error_code::bad_signature);
  auto missing = headers;
  missing.signature = "";
  CHECK(verify_standard_webhook(missing, body, secret_text, 1614265330, 300) == error_code::missing_signature);
  CHECK(verify_standard_webhook(headers, body, "whsec_!!!", 1614265330, 300) == error_code::not_configured);
}
