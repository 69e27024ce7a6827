#include <catch2/catch.hpp>

#include "encoding/base64.h"
#include "encoding/cookie_header.h"
#include "encoding/percent_encoding.h"
#include "encoding/query_string.h"

using namespace edgepost;

TEST_CASE("base64 round-trips and matches RFC 4648 test vectors") {
  // RFC 4648 §10
  const std::pair<const char*, const char*> vectors[] = {
      {"", ""}, {"f", "Zg=="}, {"fo", "Zm8="}, {"foo", "Zm9v"}, {"foob", "Zm9vYg=="}, {"fooba", "Zm9vYmE="},
      {"foobar", "Zm9vYmFy"}};
  for (auto [plain, encoded] : vectors) {
    CHECK(base64_encode(plain, base64_alphabet::standard) == encoded);
    CHECK(base64_decode(encoded, base64_alphabet::standard) == std::string(plain));
  }
  CHECK(base64_encode("\xfb\xff", base64_alphabet::url_safe) == "-_8");
  CHECK(base64_encode("\xfb\xff", base64_alphabet::standard) == "+/8=");
  CHECK(base64_decode("-_8", base64_alphabet::url_safe) == std::string("\xfb\xff"));
  CHECK_FALSE(base64_decode("-_8", base64_alphabet::standard).has_value());
  CHECK_FALSE(base64_decode("Zm9v!", base64_alphabet::standard).has_value());
  CHECK_FALSE(base64_decode("Z", base64_alphabet::standard).has_value());
}

TEST_CASE("encode_uri_component behaves like JavaScript's") {
  CHECK(encode_uri_component("Blue T-shirt") == "Blue%20T-shirt");
  CHECK(encode_uri_component("Mug & Co") == "Mug%20%26%20Co");
  CHECK(encode_uri_component("a/b*c.d_e-f!~'()") == "a%2Fb*c.d_e-f!~'()");
  CHECK(encode_uri_component("|;=?#%+") == "%7C%3B%3D%3F%23%25%2B");
  CHECK(encode_uri_component("Crème") == "Cr%C3%A8me");
  CHECK(encode_uri_component(std::string_view("\0\n", 2)) == "%00%0A");
}

TEST_CASE("query values decode form-style and reject broken escapes") {
  CHECK(decode_query_value("a+b%20c") == std::string("a b c"));
  CHECK(decode_query_value("%2F%2a") == std::string("/*"));
  CHECK_FALSE(decode_query_value("abc%").has_value());
  CHECK_FALSE(decode_query_value("abc%2").has_value());
  CHECK_FALSE(decode_query_value("%ZZ").has_value());
}

TEST_CASE("query parameters are found by exact name") {
  CHECK(query_of_url("https://s/p?a=1&b=2#frag") == "a=1&b=2");
  CHECK(query_of_url("https://s/p") == "");
  const std::string_view q = "xranSiteID=no&ranSiteID=abc%2Fd&ranSiteID=second&flag";
  CHECK(find_query_parameter(q, "ranSiteID") == std::string("abc/d"));
  CHECK(find_query_parameter(q, "flag") == std::string(""));
  CHECK_FALSE(find_query_parameter(q, "ranMID").has_value());
  CHECK(find_query_parameter("?a=1", "a") == std::string("1"));
  CHECK(query_mentions(q, "ranSiteID"));
  CHECK_FALSE(query_mentions("color=blue", "ranSiteID"));
}

TEST_CASE("cookies are read from a Cookie header") {
  const std::string_view header = "a=1; edgepost_click=v1.x.y;  b=\"quoted\" ;c";
  CHECK(find_cookie(header, "edgepost_click") == std::string_view("v1.x.y"));
  CHECK(find_cookie(header, "b") == std::string_view("quoted"));
  CHECK(find_cookie(header, "a") == std::string_view("1"));
  CHECK_FALSE(find_cookie(header, "c").has_value());
  CHECK_FALSE(find_cookie(header, "edgepost").has_value());
  CHECK_FALSE(find_cookie("", "a").has_value());
}

TEST_CASE("Set-Cookie values carry the requested attributes") {
  set_cookie_options o;
  o.max_age_seconds = 60;
  CHECK(build_set_cookie("n", "v", o) == "n=v; Max-Age=60; Path=/; Secure; HttpOnly; SameSite=Lax");
  o.http_only = false;
  CHECK(build_set_cookie("n", "v", o) == "n=v; Max-Age=60; Path=/; Secure; SameSite=Lax");
  CHECK(is_cookie_octets("amid:1|ald:20261124_1002|atrv:a/b*c"));
  CHECK_FALSE(is_cookie_octets("a;b"));
  CHECK_FALSE(is_cookie_octets("a b"));
  CHECK_FALSE(is_cookie_octets("a\r\n"));
  CHECK_FALSE(is_cookie_octets("a,b"));
}
