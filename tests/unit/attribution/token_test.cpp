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
