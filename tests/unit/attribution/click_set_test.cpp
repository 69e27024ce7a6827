// The signed cookie with the latest click of each network (format v2), and the v1 cookies it
// still reads.
#include <catch2/catch.hpp>

#include "attribution/attribution_token.h"
#include "attribution/reference_token.h"

using namespace edgepost;

namespace {

constexpr unix_seconds now = 1795514520;
constexpr int64_t lifetime = 30 * 86400;
const token_secrets secrets{"0123456789abcdef", ""};

click at(const char* network, unix_seconds landed, const char* id) {
  click c{id, landed, "", ""};
  c.network = network;
  return c;
}

}  // namespace

TEST_CASE("a cookie of several networks' clicks is v2 and reads back each click with its network") {
  const std::vector<click> set{at("rakuten", now - 7200, "RAK-1"), at("cj", now - 60, "0123abcd"),
                               at("awin", now - 3600, "1234_1795510000_abc")};
  const std::string token = sign_click_set(set, secrets.current);
  CHECK(token.substr(0, 3) == "v2.");
  std::vector<click> back;
  REQUIRE(verify_click_set(token, secrets, now, lifetime).get(back) == error_code::success);
  REQUIRE(back.size() == 3);
  for (size_t i = 0; i < 3; ++i) {
    CHECK(back[i].network == set[i].network);
    CHECK(back[i].site_id == set[i].site_id);
    CHECK(back[i].landed_at == set[i].landed_at);
  }
  click latest;
  REQUIRE(verify_attribution_token(token, secrets, now, lifetime).get(latest) == error_code::success);
  CHECK(latest.network == "cj");
}

TEST_CASE("a cookie of one Rakuten click stays v1, and a v1 cookie reads as a Rakuten click") {
  const std::string token = sign_click_set({at("rakuten", now - 60, "RAK-1")}, secrets.current);
  CHECK(token.substr(0, 3) == "v1.");
  std::vector<click> back;
  REQUIRE(verify_click_set(token, secrets, now, lifetime).get(back) == error_code::success);
  REQUIRE(back.size() == 1);
  CHECK(back[0].network == "rakuten");
  CHECK(sign_click_set({at("impact", now - 60, "IR-1")}, secrets.current).substr(0, 3) == "v2.");
}

TEST_CASE("a v2 cookie keeps the clicks still in their lifetime, and is refused when forged or empty of them") {
  const std::string token = sign_click_set({at("rakuten", now - 40 * 86400, "OLD"), at("cj", now - 60, "NEW")}, secrets.current);
  std::vector<click> back;
  REQUIRE(verify_click_set(token, secrets, now, lifetime).get(back) == error_code::success);
  REQUIRE(back.size() == 1);
  CHECK(back[0].network == "cj");
  const std::string stale = sign_click_set({at("rakuten", now - 40 * 86400, "OLD"), at("cj", now - 31 * 86400, "C")}, secrets.current);
  CHECK(verify_click_set(stale, secrets, now, lifetime).get(back) == error_code::token_expired);
  std::string forged = token;
  forged[forged.size() - 2] = forged[forged.size() - 2] == 'A' ? 'B' : 'A';
  CHECK(verify_click_set(forged, secrets, now, lifetime).get(back) == error_code::bad_signature);
  CHECK(verify_click_set(token, {"another-secret-0123", ""}, now, lifetime).get(back) == error_code::bad_signature);
  // Rotation: a cookie signed with the previous secret still reads.
  CHECK(verify_click_set(token, {"another-secret-0123", secrets.current}, now, lifetime).get(back) == error_code::success);
}

TEST_CASE("a v2 payload naming an unknown network or one network twice is refused even when signed") {
  // Signed by the same code path, with payloads edgepost never writes.
  std::vector<click> back;
  const std::string unknown = sign_click_set({at("rakuten", now - 60, "A"), at("nosuchnetwork", now - 60, "B")}, secrets.current);
  CHECK(verify_click_set(unknown, secrets, now, lifetime).get(back) == error_code::token_malformed);
  const std::string twice = sign_click_set({at("cj", now - 60, "A"), at("cj", now - 30, "B")}, secrets.current);
  CHECK(verify_click_set(twice, secrets, now, lifetime).get(back) == error_code::token_malformed);
}

TEST_CASE("a v2 cookie becomes a Payment Link reference and back, within Stripe's 200 characters") {
  const std::string token = sign_click_set({at("rakuten", now - 7200, "RAK-1"), at("cj", now - 60, "0123abcd")}, secrets.current);
  const std::string reference = reference_from_attribution_token(token);
  CHECK(reference.substr(0, 4) == "ep2_");
  CHECK(reference.size() <= 200);
  CHECK(attribution_token_from_reference(reference) == token);
  // Too long for Stripe: no reference rather than a cut one.
  const std::string long_id(120, 'x');
  const std::string long_token =
      sign_click_set({at("rakuten", now - 60, long_id.c_str()), at("cj", now - 60, long_id.c_str())}, secrets.current);
  CHECK(reference_from_attribution_token(long_token).empty());
}
