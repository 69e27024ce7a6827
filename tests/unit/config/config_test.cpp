#include <catch2/catch.hpp>

#include "config/config.h"

using namespace edgepost;

TEST_CASE("configuration: defaults, overrides and problems") {
  config c;
  REQUIRE(parse_config("{}").get(c) == error_code::success);
  CHECK_FALSE(c.is_complete());
  CHECK(c.problems.size() == 2);  // RAKUTEN_MID and COOKIE_SECRET
  CHECK(c.rakuten_endpoint == "https://track.linksynergy.com/ep");
  CHECK(c.attribution_days == 30);
  CHECK(c.join_grace_seconds == 3600);
  CHECK(c.max_body_bytes == 1048576);
  CHECK(c.mode == delivery_mode::live);
  int64_t total = 0;
  for (auto s : c.retry_schedule) total += s;
  CHECK(total > 3 * 86400);
  CHECK(total < 4 * 86400);

  REQUIRE(parse_config(R"({"RAKUTEN_MID":"12345","COOKIE_SECRET":"0123456789abcdef","MODE":"shadow",
      "RETRY_SCHEDULE":"1, 2,3","JOIN_COOKIES":"cart, session_id","ATTRIBUTION_DAYS":"7","ORIGIN":"http://x/",
      "CURRENCIES_WITHOUT_CENTS":"JPY,KRW","RMSTORE_COOKIE":"off","DISCOUNT_REPORTING":"spread","OTHER":{"x":1}})")
              .get(c) == error_code::success);
  CHECK(c.is_complete());
  CHECK(c.mode == delivery_mode::shadow);
  CHECK(c.retry_schedule == std::vector<int64_t>{1, 2, 3});
  CHECK(c.join_cookies == std::vector<std::string>{"cart", "session_id"});
  CHECK(c.attribution_seconds() == 7 * 86400);
  CHECK(c.origin == "http://x");
  CHECK(c.sends_without_cents("KRW"));
  CHECK_FALSE(c.rmstore_cookie);
  CHECK(c.discounts == discount_reporting::spread_over_lines);

  REQUIRE(parse_config(R"({"RAKUTEN_MID":"abc","COOKIE_SECRET":"short","MODE":"loud","ATTRIBUTION_DAYS":"-1",
      "RETRY_SCHEDULE":"1,x"})").get(c) == error_code::success);
  CHECK(c.problems.size() == 5);
  CHECK(c.attribution_days == 30);
  CHECK(parse_config("not json").get(c) == error_code::malformed_json);
}

TEST_CASE("an admin token shorter than 32 characters is refused, the rest of edgepost runs") {
  config c;
  const std::string base = R"({"RAKUTEN_MID":"12345","COOKIE_SECRET":"0123456789abcdef",)";
  REQUIRE(parse_config(base + R"("ADMIN_TOKEN":"short-token"})").get(c) == error_code::success);
  CHECK(c.is_complete());
  CHECK(c.admin_token.empty());
  REQUIRE(c.warnings.size() == 1);
  CHECK(c.warnings[0].find("32 characters") != std::string::npos);
  const std::string long_token(32, 'k');
  REQUIRE(parse_config(base + R"("ADMIN_TOKEN":")" + long_token + R"(","ADMIN_HOST":"admin.shop.example"})").get(c) ==
          error_code::success);
  CHECK(c.admin_token == long_token);
  CHECK(c.warnings.empty());
}

TEST_CASE("ADMIN_HOST: a host name with an optional port, lower-cased — without it, an admin token gets a warning") {
  config c;
  const std::string base = R"({"RAKUTEN_MID":"12345","COOKIE_SECRET":"0123456789abcdef","ADMIN_TOKEN":")" + std::string(32, 'k') + R"(",)";
  REQUIRE(parse_config(base + R"("ADMIN_HOST":" Admin.Shop.Example:8443 "})").get(c) == error_code::success);
  CHECK(c.admin_host == "admin.shop.example:8443");
  CHECK(c.warnings.empty());
  REQUIRE(parse_config(base + R"("OTHER":"x"})").get(c) == error_code::success);
  REQUIRE(c.warnings.size() == 1);
  CHECK(c.warnings[0].find("ADMIN_HOST is not set") != std::string::npos);
  for (const char* bad : {"https://admin.example", "admin.example/path", "admin.example:port", "adm in.example"}) {
    INFO(bad);
    REQUIRE(parse_config(base + R"("ADMIN_HOST":")" + bad + R"("})").get(c) == error_code::success);
    CHECK(c.admin_host.empty());
    CHECK_FALSE(c.is_complete());
  }
}

// MAX_BODY_BYTES could once be 64 MiB, about five copies of which do not fit an isolate.
TEST_CASE("MAX_BODY_BYTES is at most 8 MiB, and a schedule must have a step") {
  config c;
  const std::string base = R"({"RAKUTEN_MID":"12345","COOKIE_SECRET":"0123456789abcdef",)";
  REQUIRE(parse_config(base + R"("MAX_BODY_BYTES":"8388608"})").get(c) == error_code::success);
  CHECK(c.max_body_bytes == 8388608);
  REQUIRE(parse_config(base + R"("MAX_BODY_BYTES":"8388609"})").get(c) == error_code::success);
  CHECK(c.max_body_bytes == 1048576);
  CHECK_FALSE(c.is_complete());
  REQUIRE(parse_config(base + R"("RETRY_SCHEDULE":" , "})").get(c) == error_code::success);
  CHECK_FALSE(c.retry_schedule.empty());
  CHECK_FALSE(c.is_complete());
}

TEST_CASE("settings are kept by name for the layer that owns them: trimmed, blanks and other bindings left out") {
  config c;
  REQUIRE(parse_config(R"({"CJ_API_TOKEN":"  tok  ","AWIN_API_KEY":"   ","lower_case":"x","ORDERS":{"x":1},
      "IMPACT_ACCOUNT_SID":"IRsid"})")
              .get(c) == error_code::success);
  CHECK(c.setting("CJ_API_TOKEN") == "tok");
  CHECK(c.setting("IMPACT_ACCOUNT_SID") == "IRsid");
  CHECK(c.setting("AWIN_API_KEY").empty());
  CHECK(c.setting("lower_case").empty());
  CHECK(c.setting("ORDERS").empty());
  CHECK(c.setting("NOT_SET").empty());
  c.set("IMPACT_ACCOUNT_SID", "");
  CHECK(c.setting("IMPACT_ACCOUNT_SID").empty());
  c.set("A_FIRST", "1");
  CHECK(c.named.front().first == "A_FIRST");
}

TEST_CASE("MODE names a default and, optionally, networks' own modes") {
  config c;
  REQUIRE(parse_config(R"({"MODE":"live, awin:shadow ,cj:live"})").get(c) == error_code::success);
  CHECK(c.mode_for("rakuten") == delivery_mode::live);
  CHECK(c.mode_for("awin") == delivery_mode::shadow);
  CHECK(c.mode_for("cj") == delivery_mode::live);
  REQUIRE(parse_config(R"({"MODE":"shadow,rakuten:live"})").get(c) == error_code::success);
  CHECK(c.mode_for("impact") == delivery_mode::shadow);
  CHECK(c.mode_for("rakuten") == delivery_mode::live);
  for (const char* bad : {R"({"MODE":"awin:dark"})", R"({"MODE":"Awin!:shadow"})", R"({"MODE":"loud"})"}) {
    INFO(bad);
    REQUIRE(parse_config(bad).get(c) == error_code::success);
    CHECK(c.mode_for("awin") == delivery_mode::live);
    bool named = false;
    for (const auto& p : c.problems) named = named || p.find("MODE") != std::string::npos;
    CHECK(named);
  }
}
