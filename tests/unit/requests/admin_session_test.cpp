#include <catch2/catch.hpp>

#include "requests/admin_session.h"
#include "requests/request_decision.h"

using namespace edgepost;

namespace {

constexpr unix_seconds now = 1795514520;

config settings() {
  config c;
  c.rakuten_mid = "12345";
  c.cookie_secret = "0123456789abcdef";
  c.admin_token = "admin-token-0123456789abcdef-0123456789";
  return c;
}

// The cookie a session's Set-Cookie header sets, as the browser sends it back.
std::string cookie_of(const std::string& set_cookie) { return set_cookie.substr(0, set_cookie.find(';')); }

std::string route_of(const config& c, std::string_view method, std::string_view path, std::string_view cookie,
                     std::string_view origin = "", std::string_view authorization = "") {
  return decide_request(c, incoming_request{method, path, "", cookie, authorization, origin, "shop.example"}, now).route;
}

}  // namespace

TEST_CASE("a dashboard session lasts 12 hours, is bound to the admin token and cannot be forged") {
  const config c = settings();
  const std::string set_cookie = admin_session_set_cookie(c, now);
  CHECK(set_cookie.find("; Max-Age=43200; Path=/_edgepost/admin; HttpOnly; Secure; SameSite=Strict") != std::string::npos);
  const std::string cookie = cookie_of(set_cookie);
  CHECK(has_admin_session(c, cookie, now));
  CHECK(has_admin_session(c, "theme=dark; " + cookie, now + admin_session_seconds - 1));
  CHECK_FALSE(has_admin_session(c, cookie, now + admin_session_seconds));  // expired
  config rotated = c;
  rotated.admin_token = "another-admin-token-0123456789abcdef";
  CHECK_FALSE(has_admin_session(rotated, cookie, now));  // a new token ends every session
  // An expiry moved later with the old MAC, a MAC of another expiry, garbage.
  const std::string mac = cookie.substr(cookie.rfind('.'));
  CHECK_FALSE(has_admin_session(c, "edgepost_admin=v1." + std::to_string(now + 2 * admin_session_seconds) + mac, now));
  CHECK_FALSE(has_admin_session(c, "edgepost_admin=v1.99999999999.x", now));
  CHECK_FALSE(has_admin_session(c, "edgepost_admin=v1..", now));
  CHECK_FALSE(has_admin_session(c, "edgepost_admin=", now));
  // A session minted far in the future is not taken either (its expiry is more than 12 h away).
  CHECK_FALSE(has_admin_session(c, cookie_of(admin_session_set_cookie(c, now + 86400)), now));
  config closed = c;
  closed.admin_token.clear();
  CHECK_FALSE(has_admin_session(closed, cookie, now));
}

TEST_CASE("the sign-in form takes the admin token only") {
  const config c = settings();
  CHECK(is_admin_token(c, "token=" + c.admin_token));
  CHECK_FALSE(is_admin_token(c, "token=admin-token"));
  CHECK_FALSE(is_admin_token(c, ""));
  config closed = c;
  closed.admin_token.clear();
  CHECK_FALSE(is_admin_token(closed, "token="));
}

TEST_CASE("the dashboard: a sign-in page without a session, and a session's changes only from its own origin") {
  const config c = settings();
  const std::string cookie = cookie_of(admin_session_set_cookie(c, now));
  CHECK(route_of(c, "GET", "/_edgepost/admin/", "") == "admin_sign_in");
  CHECK(route_of(c, "GET", "/_edgepost/admin/", cookie) == "admin_page");
  CHECK(route_of(c, "GET", "/_edgepost/admin/api/dashboard", cookie) == "admin_dashboard");
  CHECK(route_of(c, "GET", "/_edgepost/admin/api/dashboard", "") == "unauthorized");
  CHECK(route_of(c, "POST", "/_edgepost/admin/api/retry-dead", cookie, "https://shop.example") == "admin_retry_dead");
  CHECK(route_of(c, "POST", "/_edgepost/admin/api/retry-dead", cookie, "https://evil.example") == "cross_origin");
  CHECK(route_of(c, "POST", "/_edgepost/admin/api/retry-dead", cookie, "null") == "cross_origin");
  CHECK(route_of(c, "POST", "/_edgepost/admin/api/retry-dead", cookie, "") == "cross_origin");
  // The bearer token is not a browser's ambient credential: no origin is asked of it.
  CHECK(route_of(c, "POST", "/_edgepost/admin/api/retry-dead", "", "", "Bearer " + c.admin_token) == "admin_retry_dead");
  CHECK(route_of(c, "POST", "/_edgepost/admin/login", "", "http://shop.example") == "admin_login");
  CHECK(route_of(c, "POST", "/_edgepost/admin/login", "", "https://evil.example") == "cross_origin");
  CHECK(route_of(c, "GET", "/_edgepost/admin/login", "") == "method_not_allowed");
  CHECK(route_of(c, "POST", "/_edgepost/admin/logout", cookie, "https://shop.example") == "admin_logout");
}
