// POST /_edgepost/consent: the undecided landing's token becomes the cookie only with consent.
#include <catch2/catch.hpp>

#include "attribution/attribution_token.h"
#include "encoding/json_reader.h"
#include "requests/consent_grant.h"
#include "requests/request_decision.h"

using namespace edgepost;

namespace {
constexpr unix_seconds now = 1795514520;

config settings() {
  config c;
  c.rakuten_mid = "12345";
  c.cookie_secret = "0123456789abcdef";
  c.consent = consent_source::cookie;
  c.consent_cookie_name = "ok";
  c.consent_cookie_value = "1";
  return c;
}

// The token an undecided landing of Rakuten and Awin hands its page.
std::string landing_token(const config& c) {
  const request_decision d =
      decide_request(c, incoming_request{"GET", "/", "ranMID=12345&ranSiteID=PUB1-abc&awc=1_2_3", "", ""}, now);
  REQUIRE(!d.consent_token.empty());
  return d.consent_token;
}

std::vector<std::string> cookies_of(const core_answer& a) {
  json_document doc;
  REQUIRE(doc.parse(a.output));
  std::vector<std::string> out;
  const auto list = as_array(*field(*as_object(doc.root()), "set_cookies"));
  for (const json_element e : *list) out.emplace_back(*as_string(e));
  return out;
}
}  // namespace

TEST_CASE("consent route: with consent now, the token's clicks become the cookie, merged with what it held") {
  const config c = settings();
  const std::string token = landing_token(c);
  const core_answer granted = answer_consent_grant(c, "ok=1", "application/x-www-form-urlencoded", "token=" + token, now + 30);
  REQUIRE(granted.code == 204);
  const auto cookies = cookies_of(granted);
  REQUIRE(cookies.size() == 2);  // edgepost's and rmStore
  const std::string value = cookies[0].substr(cookies[0].find('=') + 1, cookies[0].find(';') - cookies[0].find('=') - 1);
  std::vector<click> clicks;
  REQUIRE(verify_click_set(value, {c.cookie_secret, ""}, now + 30, c.attribution_seconds()).get(clicks) == error_code::success);
  CHECK(clicks.size() == 2);
  CHECK(granted.output.find(R"("stored":2)") != std::string::npos);
  // JSON bodies too.
  CHECK(answer_consent_grant(c, "ok=1", "application/json", R"({"token":")" + token + R"("})", now + 30).code == 204);
}

TEST_CASE("consent route: without consent nothing is set — forged, expired or missing tokens are refused") {
  const config c = settings();
  const std::string token = landing_token(c);
  const core_answer denied = answer_consent_grant(c, "ok=0", "application/x-www-form-urlencoded", "token=" + token, now + 30);
  CHECK(denied.code == 204);
  CHECK(cookies_of(denied).empty());
  CHECK(denied.output.find(R"("rakuten":"denied")") != std::string::npos);
  CHECK(cookies_of(answer_consent_grant(c, "", "", "token=" + token, now + 30)).empty());  // still undecided

  std::string forged = token;
  forged.back() = forged.back() == 'A' ? 'B' : 'A';
  CHECK(answer_consent_grant(c, "ok=1", "", "token=" + forged, now).output.find("invalid_token") != std::string::npos);
  CHECK(answer_consent_grant(c, "ok=1", "", "token=" + token, now + consent_token_lifetime_seconds + 1).output.find("token_expired") !=
        std::string::npos);
  CHECK(answer_consent_grant(c, "ok=1", "", "nothing=here", now).code == 400);
  CHECK(answer_consent_grant(c, "ok=1", "application/json", "{", now).code == 400);
  // A cookie is not a consent token, nor a consent token a cookie.
  const std::string cookie = sign_click_set({click{"PUB1-abc", now, "12345", "", "rakuten"}}, c.cookie_secret);
  CHECK(answer_consent_grant(c, "ok=1", "", "token=" + cookie, now).output.find("invalid_token") != std::string::npos);
  std::vector<click> clicks;
  CHECK(verify_click_set(token, {c.cookie_secret, ""}, now, c.attribution_seconds()).get(clicks) != error_code::success);
}

TEST_CASE("consent route: a body over its limit is refused as too large") {
  const core_answer a = answer_consent_grant(settings(), "ok=1", "", "token=" + std::string(consent_body_bytes, 'x'), now);
  CHECK(a.code == 413);
  CHECK(a.output.find("body_too_large") != std::string::npos);
}
