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

constexpr std::string_view session_id = "c2Vzc2lvbi1pZC0wMTIzNDU2Nzg5YWJj";

std::string session_cookie(const config& c, unix_seconds at = now, std::string_view id = session_id) {
  return cookie_of(admin_session_set_cookie(c, id, at));
}

bool has_session(const config& c, std::string_view cookie, unix_seconds at) {
  return admin_session_of(c, cookie, at).has_value();
}

TEST_CASE("a dashboard session lasts 12 hours, carries its id, is bound to the admin token and cannot be forged") {
  const config c = settings();
  const std::string set_cookie = admin_session_set_cookie(c, session_id, now);
  CHECK(set_cookie.find("; Max-Age=43200; Path=/_edgepost/admin; HttpOnly; Secure; SameSite=Strict") != std::string::npos);
  const std::string cookie = cookie_of(set_cookie);
  const auto claim = admin_session_of(c, cookie, now);
  REQUIRE(claim);
  CHECK(claim->id == session_id);
  CHECK(claim->expires_at == now + admin_session_seconds);
  CHECK(has_session(c, "theme=dark; " + cookie, now + admin_session_seconds - 1));
  CHECK_FALSE(has_session(c, cookie, now + admin_session_seconds));  // expired
  config rotated = c;
  rotated.admin_token = "another-admin-token-0123456789abcdef";
  CHECK_FALSE(has_session(rotated, cookie, now));  // a new token ends every session
  // An expiry moved later with the old MAC, another id with the old MAC, garbage.
  const std::string mac = cookie.substr(cookie.rfind('.'));
  CHECK_FALSE(has_session(c, "edgepost_admin=v2." + std::to_string(now + 2 * admin_session_seconds) + "." +
                                 std::string(session_id) + mac, now));
  CHECK_FALSE(has_session(c, "edgepost_admin=v2." + std::to_string(now + admin_session_seconds) +
                                 ".b3RoZXItc2Vzc2lvbi0wMTIzNDU2Nzg5YWJj" + mac, now));
  CHECK_FALSE(has_session(c, "edgepost_admin=v2.99999999999.x.y", now));
  CHECK_FALSE(has_session(c, "edgepost_admin=v2...", now));
  CHECK_FALSE(has_session(c, "edgepost_admin=", now));
  // The cookie of the stateless sessions before ids is not taken: sign in again.
  CHECK_FALSE(has_session(c, "edgepost_admin=v1." + std::to_string(now + 60) + mac, now));
  // A session minted far in the future is not taken either (its expiry is more than 12 h away).
  CHECK_FALSE(has_session(c, session_cookie(c, now + 86400), now));
  config closed = c;
  closed.admin_token.clear();
  CHECK_FALSE(has_session(closed, cookie, now));
}

TEST_CASE("a session id is 22 to 64 base64url characters") {
  CHECK(is_valid_session_id(session_id));
  CHECK(is_valid_session_id(std::string(64, '_')));
  CHECK_FALSE(is_valid_session_id(std::string(21, 'a')));
  CHECK_FALSE(is_valid_session_id(std::string(65, 'a')));
  CHECK_FALSE(is_valid_session_id("c2Vzc2lvbi1pZC0wMTIzNDU2Nzg5YW.j"));  // a dot would split the cookie
  CHECK_FALSE(is_valid_session_id("c2Vzc2lvbi1pZC0wMTIzNDU2Nzg5YW+j"));
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
  const std::string cookie = session_cookie(c);
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

TEST_CASE("a route taken on a session names the session, and what to answer if the store has ended it") {
  const config c = settings();
  const std::string cookie = session_cookie(c);
  const auto decide = [&](std::string_view method, std::string_view path, std::string_view authorization = "") {
    return decide_request(c, incoming_request{method, path, "", cookie, authorization, "https://shop.example", "shop.example"}, now);
  };
  const auto page = decide("GET", "/_edgepost/admin/");
  CHECK(page.route == "admin_page");
  CHECK(page.session_id == session_id);
  CHECK(page.session_ended_route == "admin_sign_in");
  const auto api = decide("GET", "/_edgepost/admin/api/health");
  CHECK(api.session_id == session_id);
  CHECK(api.session_ended_route == "unauthorized");
  const auto everywhere = decide("POST", "/_edgepost/admin/logout-everywhere");
  CHECK(everywhere.route == "admin_logout_everywhere");
  CHECK(everywhere.session_ended_route == "unauthorized");
  // The bearer is not a session: nothing for the store to confirm.
  const auto bearer = decide("GET", "/_edgepost/admin/api/health", "Bearer " + c.admin_token);
  CHECK(bearer.route == "admin_health");
  CHECK(bearer.session_id.empty());
  CHECK(decide_request(c, incoming_request{"POST", "/_edgepost/admin/logout-everywhere", "", "", "", "https://shop.example", "shop.example"}, now).route == "unauthorized");
}

namespace {

std::string failures_at(std::initializer_list<int64_t> times) {
  std::string out;
  for (int64_t t : times) out += (out.empty() ? "" : ",") + std::to_string(t);
  return out;
}

core_answer sign_in(const config& c, std::string_view form, const std::string& failures,
                    std::string_view random = session_id) {
  return answer_admin_session(c, admin_session_request{"login", form, "", random, failures}, now);
}

bool says(const core_answer& a, std::string_view json) { return a.output.find(json) != std::string::npos; }

}  // namespace

TEST_CASE("sign-in: the right token starts a session with the shell's random id, a wrong one is a failure to store") {
  const config c = settings();
  const auto right = sign_in(c, "token=" + c.admin_token, "");
  CHECK(right.code == 303);
  CHECK(says(right, R"("session":{"id":"c2Vzc2lvbi1pZC0wMTIzNDU2Nzg5YWJj","expires_at":)" + std::to_string(now + admin_session_seconds)));
  CHECK(says(right, "edgepost_admin=v2."));
  CHECK(says(right, R"("forget_failures_before":)" + std::to_string(now - sign_in_failure_window_seconds)));
  CHECK_FALSE(says(right, "record_failure"));
  const auto wrong = sign_in(c, "token=guess", "");
  CHECK(wrong.code == 401);
  CHECK(says(wrong, R"("record_failure":true)"));
  CHECK(says(wrong, "That is not the admin token."));
  CHECK_FALSE(says(wrong, "set_cookie"));
  // Random bytes that cannot be a session id are the shell's bug: no session, no failure counted.
  const auto bad_random = sign_in(c, "token=" + c.admin_token, "", "short");
  CHECK(bad_random.code == 500);
  CHECK_FALSE(says(bad_random, "set_cookie"));
  config closed = c;
  closed.admin_token.clear();
  const auto shut = sign_in(closed, "token=", "");
  CHECK(shut.code == 401);
  CHECK_FALSE(says(shut, "record_failure"));
}

TEST_CASE("sign-in is limited per address: the failures of the last 15 minutes, 10 allowed") {
  const config c = settings();
  const std::string right = "token=" + c.admin_token;
  struct row {
    const char* what;
    std::string failures;
    int32_t status;
    int64_t retry_after;  // 0: none
  };
  const int64_t w = sign_in_failure_window_seconds;
  const row rows[] = {
      {"no failures", "", 303, 0},
      {"nine in the window", failures_at({now - 1, now - 2, now - 3, now - 4, now - 5, now - 6, now - 7, now - 8, now - 9}), 303, 0},
      {"ten in the window", failures_at({now - 100, now - 2, now - 3, now - 4, now - 5, now - 6, now - 7, now - 8, now - 9, now - 10}), 429, w - 100},
      {"ten, one of them just out of the window", failures_at({now - w, now - 2, now - 3, now - 4, now - 5, now - 6, now - 7, now - 8, now - 9, now - 10}), 303, 0},
      {"twelve (stored concurrently): waits for the third oldest", failures_at({now - 300, now - 200, now - 100, now - 4, now - 5, now - 6, now - 7, now - 8, now - 9, now - 10, now - 11, now - 12}), 429, w - 100},
      {"an unreadable entry counts as a failure now", "x," + failures_at({now - 2, now - 3, now - 4, now - 5, now - 6, now - 7, now - 8, now - 9, now - 10}), 429, w - 10},
  };
  for (const auto& r : rows) {
    INFO(r.what);
    const auto a = sign_in(c, right, r.failures);
    CHECK(a.code == r.status);
    if (r.retry_after) {
      CHECK(says(a, R"("retry_after":)" + std::to_string(r.retry_after)));
      CHECK(says(a, "Too many wrong tokens from this address."));
      CHECK_FALSE(says(a, "set_cookie"));  // the right token waits too: a limited address learns nothing
      CHECK_FALSE(says(a, "record_failure"));
    }
  }
}

TEST_CASE("signing out ends the cookie's session, signing out everywhere ends them all") {
  const config c = settings();
  const std::string cookie = session_cookie(c);
  const auto out = answer_admin_session(c, admin_session_request{"logout", "", cookie, "", ""}, now);
  CHECK(out.code == 303);
  CHECK(says(out, R"("end_session":"c2Vzc2lvbi1pZC0wMTIzNDU2Nzg5YWJj")"));
  CHECK(says(out, "edgepost_admin=; Max-Age=0"));
  // A forged cookie's id is not ended (it names nothing the store holds, or someone else's session).
  const std::string forged = cookie.substr(0, cookie.rfind('.')) + ".AAAA";
  CHECK_FALSE(says(answer_admin_session(c, admin_session_request{"logout", "", forged, "", ""}, now), "end_session"));
  const auto all = answer_admin_session(c, admin_session_request{"logout_everywhere", "", cookie, "", ""}, now);
  CHECK(all.code == 303);
  CHECK(says(all, R"("end_all_sessions":true)"));
  CHECK(answer_admin_session(c, admin_session_request{"sideways", "", "", "", ""}, now).code == 400);
}
