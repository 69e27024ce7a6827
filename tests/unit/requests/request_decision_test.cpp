#include <catch2/catch.hpp>

#include "attribution/attribution_token.h"
#include "attribution/join_keys.h"
#include "attribution/reference_token.h"
#include "requests/request_decision.h"

using namespace edgepost;

namespace {
constexpr unix_seconds now = 1795514520;

config settings() {
  config c;
  c.rakuten_mid = "12345";
  c.cookie_secret = "0123456789abcdef";
  c.orders_api_secret = "whsec_x";
  c.admin_token = "admin-token";
  return c;
}

request_decision get(const config& c, std::string_view path, std::string_view query = "",
                     std::string_view authorization = "", std::string_view method = "GET") {
  return decide_request(c, incoming_request{method, path, query, "", authorization}, now);
}
}  // namespace

TEST_CASE("plain page views pass untouched") {
  for (const char* q : {"", "color=blue", "xranSiteIDx", "utm_source=rakuten"}) {
    const request_decision d = get(settings(), "/products/1", q);
    CHECK(d.action == request_action::pass);
    CHECK(d.set_cookies.empty());
    CHECK(d.log.empty());
  }
}

TEST_CASE("a landing sets the attribution cookie and rmStore") {
  const request_decision d = get(settings(), "/", "ranMID=12345&ranEAID=E1&ranSiteID=TnL5-x.y_z%2F*w");
  REQUIRE(d.action == request_action::decorate);
  REQUIRE(d.set_cookies.size() == 2);
  CHECK(d.set_cookies[0].rfind("edgepost_click=v1.", 0) == 0);
  CHECK(d.set_cookies[0].find("; Max-Age=2592000; Path=/; Secure; HttpOnly; SameSite=Lax") != std::string::npos);
  CHECK(d.set_cookies[1] == "rmStore=amid:12345|ald:20261124_1002|atrv:TnL5-x.y_z/*w; Max-Age=2592000; Path=/; Secure; SameSite=Lax");
  const std::string token = d.set_cookies[0].substr(15, d.set_cookies[0].find(';') - 15);
  click c;
  REQUIRE(verify_attribution_token(token, {"0123456789abcdef", ""}, now, 30 * 86400).get(c) == error_code::success);
  CHECK(c.site_id == "TnL5-x.y_z/*w");
  CHECK(c.landed_at == now);
  CHECK(c.mid == "12345");
  CHECK(c.eaid == "E1");
}

TEST_CASE("ATTRIBUTION_DAYS sets Max-Age, and rmStore can be switched off") {
  config c = settings();
  c.attribution_days = 7;
  c.rmstore_cookie = false;
  const request_decision d = get(c, "/", "ranSiteID=abc");
  REQUIRE(d.set_cookies.size() == 1);
  CHECK(d.set_cookies[0].find("Max-Age=604800;") != std::string::npos);
}

TEST_CASE("invalid click ids set nothing and say why") {
  for (const char* q : {"ranSiteID=a%3Bb", "ranSiteID=a%0D%0Ab", "ranSiteID=", "ranSiteID=a+b", "ranSiteID=a%7Cb",
                        "ranSiteID=a%", "ranSiteID=%22x%22"}) {
    INFO(q);
    const request_decision d = get(settings(), "/", q);
    CHECK(d.action == request_action::pass);
    CHECK(d.set_cookies.empty());
  }
  const request_decision long_id = get(settings(), "/", "ranSiteID=" + std::string(129, 'a'));
  CHECK(long_id.set_cookies.empty());
  CHECK_FALSE(long_id.log.empty());
}

TEST_CASE("without a complete configuration a landing is proxied without cookies") {
  config c = settings();
  c.problems.push_back("COOKIE_SECRET is not set");
  const request_decision d = get(c, "/", "ranSiteID=abc");
  CHECK(d.action == request_action::pass);
  CHECK(d.log.find("not fully configured") != std::string::npos);
}

TEST_CASE("edgepost routes, methods and admin authorization") {
  struct row { const char* method; const char* path; const char* auth; const char* route; const char* argument; };
  const row rows[] = {
      {"GET", "/_edgepost/health", "", "health", ""},
      {"POST", "/_edgepost/health", "", "method_not_allowed", ""},
      {"POST", "/_edgepost/orders", "", "orders", ""},
      {"GET", "/_edgepost/orders", "", "method_not_allowed", ""},
      {"POST", "/_edgepost/webhooks/stripe", "", "not_found", ""},
      {"GET", "/_edgepost/admin/api/orders", "", "unauthorized", ""},
      {"GET", "/_edgepost/admin/api/orders", "Bearer wrong", "unauthorized", ""},
      {"GET", "/_edgepost/admin/api/orders", "Bearer admin-token", "admin_orders", ""},
      {"GET", "/_edgepost/admin/api/stats", "Bearer admin-token", "admin_stats", ""},
      {"POST", "/_edgepost/admin/api/orders/A-1/retry", "Bearer admin-token", "admin_retry_order", "A-1"},
      {"POST", "/_edgepost/admin/api/retry-dead", "Bearer admin-token", "admin_retry_dead", ""},
      {"GET", "/_edgepost/admin/api/nope", "Bearer admin-token", "not_found", ""},
      {"GET", "/_edgepost/x", "", "not_found", ""},
  };
  for (const auto& r : rows) {
    INFO(r.method << " " << r.path);
    const request_decision d = get(settings(), r.path, "", r.auth, r.method);
    CHECK(d.action == request_action::route);
    CHECK(d.route == r.route);
    CHECK(d.route_argument == r.argument);
  }
  config no_admin = settings();
  no_admin.admin_token.clear();
  CHECK(get(no_admin, "/_edgepost/admin/api/orders", "", "Bearer ").route == "unauthorized");
  config no_orders = settings();
  no_orders.orders_api_secret.clear();
  CHECK(get(no_orders, "/_edgepost/orders", "", "", "POST").route == "not_found");
}

namespace {
// A shopper with a valid attribution cookie (signed here by the code under test's own signer only
// to produce a cookie the decision accepts; the token's own tests check it independently).
std::string with_click_cookie(const config& c, std::string_view more = "") {
  const std::string token = sign_attribution_token(click{"CLICK-1", now - 60, "", ""}, c.cookie_secret);
  return std::string(attribution_cookie_name) + "=" + token + (more.empty() ? "" : "; ") + std::string(more);
}
}  // namespace

// One URL of about 16 KB carried 1,000 Stripe session ids, each recorded.
TEST_CASE("one request records at most 8 join keys") {
  config c = settings();
  c.set("STRIPE_WEBHOOK_SECRET", "whsec_s");
  std::string ids;
  for (int i = 0; i < 1000; ++i) ids += "cs_test_a" + std::to_string(i) + ".";
  const std::string cookie = with_click_cookie(c);
  const request_decision d = decide_request(c, incoming_request{"GET", "/success", "session_id=" + ids, cookie, ""}, now);
  REQUIRE(d.has_click);
  CHECK(d.join_keys.size() == max_join_keys_per_request);
  CHECK(d.join_keys[0] == "stripe_session:cs_test_a0");
}

TEST_CASE("a merchant's join value must be at least 16 characters, so a stranger cannot guess it") {
  config c = settings();
  c.join_params = {"order_ref"};
  c.join_cookies = {"cart_id"};
  const std::string cookie = with_click_cookie(c, "cart_id=1002");
  const request_decision guessable = decide_request(c, incoming_request{"GET", "/done", "order_ref=1001", cookie, ""}, now);
  CHECK(guessable.join_keys.empty());
  const std::string cart = "c-0f3a9d2e7b41c856";
  const request_decision random = decide_request(
      c, incoming_request{"GET", "/done", "order_ref=R-7f2c91e4a0b35d68", with_click_cookie(c, "cart_id=" + cart), ""}, now);
  CHECK(random.join_keys == std::vector<std::string>{"cart_id:" + cart, "order_ref:R-7f2c91e4a0b35d68"});
}

TEST_CASE("pages are tagged for the providers that are switched on, each as its checkout reads the click back") {
  config c = settings();
  const std::string cookie = with_click_cookie(c);
  CHECK(decide_request(c, incoming_request{"GET", "/cart", "", cookie, ""}, now).page_tags.empty());
  c.set("SHOPIFY_WEBHOOK_SECRET", "shpss_x");
  c.set("PADDLE_WEBHOOK_SECRET", "pdl_ntfset_x");
  const request_decision d = decide_request(c, incoming_request{"GET", "/cart", "", cookie, ""}, now);
  REQUIRE(d.page_tags.size() == 2);
  CHECK(d.page_tags[0].how == click_tagging::hidden_input);
  CHECK(d.page_tags[0].name == "attributes[_edgepost]");
  CHECK(d.page_tags[0].value.rfind("ep1_", 0) == 0);
  CHECK(d.page_tags[1].how == click_tagging::data_attribute);
  CHECK(d.page_tags[1].selector == ".paddle_button");
  CHECK(d.page_tags[1].name == "data-custom-data");
  CHECK(d.page_tags[1].value == "{\"edgepost_attribution\":\"" + d.page_tags[0].value + "\"}");
  // The reference Paddle sends back in custom_data is the click's cookie again.
  CHECK(attribution_token_from_reference(d.page_tags[0].value) == cookie.substr(cookie.find('=') + 1));
}

// The shell skips the core for requests the filter says cannot need it; a request the core would
// do anything with (decorate, route, or pass with a log line) must therefore match the filter.
TEST_CASE("the request filter lets through every request the core acts on, and no plain page view") {
  config joins = settings();
  joins.join_params = {"order_ref"};
  joins.join_cookies = {"cart_id"};
  config stripe = settings();
  stripe.set("STRIPE_WEBHOOK_SECRET", "whsec_stripe");
  config trap = settings();
  trap.test_trap_token = "0123456789abcdef";
  config unconfigured;
  const std::string token = sign_attribution_token(click{"TnL5-x.y_z", now - 60, "", ""}, "0123456789abcdef");
  const std::string cookie = "theme=dark; edgepost_click=" + token;
  struct row {
    const char* method;
    const char* path;
    const char* query;
    std::string cookie;
  };
  const row requests[] = {
      {"GET", "/products/1", "", ""},
      {"GET", "/products/1", "color=blue", "theme=dark"},
      {"GET", "/products/1", "", cookie},
      {"GET", "/", "ranSiteID=TnL5-x.y_z&ranMID=12345", ""},
      {"GET", "/", "ranSiteID=bad%20id", ""},
      {"GET", "/", "xranSiteIDx=1", ""},
      {"GET", "/checkout/done", "order_ref=R-0123456789abcdef", cookie},
      {"GET", "/checkout/done", "order_ref=R-0123456789abcdef", ""},
      {"GET", "/cart", "", "cart_id=C-0123456789abcdef; " + cookie},
      {"GET", "/success", "session_id=cs_test_0123456789abcdef", cookie},
      {"POST", "/create-checkout-session", "", cookie},
      {"GET", "/_edgepost/health", "", ""},
      {"POST", "/_edgepost/orders", "", ""},
      {"GET", "/_edgepost/nothing", "", ""},
      {"GET", "/p", "edgepost_test_trap=0123456789abcdef", ""},
  };
  const config plain = settings();
  for (const config* c : std::initializer_list<const config*>{&plain, &joins, &stripe, &trap, &unconfigured}) {
    const request_filter filter = make_request_filter(*c);
    for (const auto& r : requests) {
      const incoming_request in{r.method, r.path, r.query, r.cookie, ""};
      const request_decision d = decide_request(*c, in, now);
      INFO(r.method << " " << r.path << "?" << r.query << " cookie: " << r.cookie);
      if (d.action != request_action::pass || !d.log.empty()) CHECK(request_may_need_core(filter, in));
    }
  }
  // The point of it: a plain page view, with or without cookies of its own, goes straight on.
  for (const config* c : std::initializer_list<const config*>{&joins, &stripe}) {
    const request_filter filter = make_request_filter(*c);
    CHECK_FALSE(request_may_need_core(filter, incoming_request{"GET", "/products/1", "color=blue", "theme=dark", ""}));
  }
  // Without joins or providers a click cookie changes nothing, so it does not need the core either.
  CHECK_FALSE(request_may_need_core(make_request_filter(settings()), incoming_request{"GET", "/p", "", cookie, ""}));
  CHECK(request_may_need_core(make_request_filter(stripe), incoming_request{"GET", "/p", "", cookie, ""}));
}

TEST_CASE("a landing records each network's click in the one cookie, keeping the latest of each") {
  const config c = settings();
  const token_secrets secrets{c.cookie_secret, ""};
  auto cookie_of = [](const request_decision& d) {
    for (const auto& sc : d.set_cookies)
      if (sc.rfind("edgepost_click=", 0) == 0) return sc.substr(15, sc.find(';') - 15);
    return std::string();
  };
  // A CJ landing: a v2 cookie with CJ's click, and no rmStore (that is Rakuten's own cookie).
  const request_decision cj = get(c, "/", "cjevent=0123456789abcdef0123456789abcdef");
  REQUIRE(cj.action == request_action::decorate);
  REQUIRE(cj.set_cookies.size() == 1);
  std::vector<click> clicks;
  REQUIRE(verify_click_set(cookie_of(cj), secrets, now, c.attribution_seconds()).get(clicks) == error_code::success);
  REQUIRE(clicks.size() == 1);
  CHECK(clicks[0].network == "cj");
  // A Rakuten landing later, with the CJ cookie: both clicks, Rakuten's new.
  const std::string header = "edgepost_click=" + cookie_of(cj);
  const request_decision rak = decide_request(c, incoming_request{"GET", "/", "ranSiteID=RAK-2", header, ""}, now + 60);
  REQUIRE(verify_click_set(cookie_of(rak), secrets, now + 60, c.attribution_seconds()).get(clicks) == error_code::success);
  REQUIRE(clicks.size() == 2);
  CHECK(clicks[0].network == "rakuten");
  CHECK(clicks[0].landed_at == now + 60);
  CHECK(clicks[1].network == "cj");
  CHECK(clicks[1].landed_at == now);
  CHECK(rak.set_cookies.size() == 2);  // and rmStore
  // A second CJ landing replaces CJ's click, keeps Rakuten's.
  const std::string both = "edgepost_click=" + cookie_of(rak);
  const request_decision cj2 = decide_request(c, incoming_request{"GET", "/", "cjevent=feed", both, ""}, now + 120);
  REQUIRE(verify_click_set(cookie_of(cj2), secrets, now + 120, c.attribution_seconds()).get(clicks) == error_code::success);
  REQUIRE(clicks.size() == 2);
  CHECK(clicks[0].network == "cj");
  CHECK(clicks[0].site_id == "feed");
  CHECK(clicks[1].network == "rakuten");
  // A forged cookie is not kept: only the new click.
  const request_decision forged = decide_request(c, incoming_request{"GET", "/", "awc=1_2_3", "edgepost_click=v2.e30.AAAA", ""}, now);
  REQUIRE(verify_click_set(cookie_of(forged), secrets, now, c.attribution_seconds()).get(clicks) == error_code::success);
  CHECK(clicks.size() == 1);
}

TEST_CASE("every network's landing parameter is in the request filter, and an invalid click id is logged") {
  const request_filter f = make_request_filter(settings());
  for (const char* p : {"ranSiteID", "irclickid", "cjevent", "awc", "clickref"})
    CHECK(std::find(f.query_markers.begin(), f.query_markers.end(), p) != f.query_markers.end());
  const request_decision bad = get(settings(), "/", "irclickid=has%20space");
  CHECK(bad.action == request_action::pass);
  CHECK(bad.log == "landing ignored: irclickid is not a valid impact click id");
}

TEST_CASE("with CONSENT on, a landing stores a network's click only with its consent, and says which it had") {
  config c = settings();
  c.consent = consent_source::cookie;
  c.consent_cookie_name = "ok";
  c.consent_cookie_value = "1";
  c.consent_exempt_sites = {"CASH"};
  const auto land = [&](std::string_view query, std::string_view cookies) {
    return decide_request(c, incoming_request{"GET", "/", query, cookies, ""}, now);
  };
  const request_decision granted = land("ranMID=12345&ranSiteID=PUB1-abc", "ok=1");
  CHECK(granted.action == request_action::decorate);
  CHECK(granted.set_cookies.size() == 2);  // edgepost's and rmStore
  REQUIRE(granted.landing_consent.size() == 1);
  CHECK(granted.landing_consent[0] == std::pair<std::string, consent_state>{"rakuten", consent_state::granted});
  for (const char* cookies : {"ok=0", ""}) {
    INFO(cookies);
    const request_decision refused = land("ranMID=12345&ranSiteID=PUB1-abc&awc=1_2_3", cookies);
    CHECK(refused.set_cookies.empty());
    CHECK(refused.log.find("landing not recorded: consent") != std::string::npos);
    REQUIRE(refused.landing_consent.size() == 2);
    CHECK(refused.landing_consent[0].second == (*cookies ? consent_state::denied : consent_state::undecided));
    // Denied: passed as it is. Undecided: the page gets a token of the clicks for the consent route.
    CHECK(refused.action == (*cookies ? request_action::pass : request_action::decorate));
    CHECK(refused.consent_token.empty() == (*cookies != 0));
  }
  // A cashback partner the merchant exempted is tracked whatever the banner says; Rakuten's
  // publisher is the affiliate id, or the site id's first part.
  CHECK(land("ranMID=12345&ranSiteID=CASH-abc", "ok=0").set_cookies.size() == 2);
  CHECK(land("ranMID=12345&ranEAID=CASH&ranSiteID=OTHER-abc", "ok=0").set_cookies.size() == 2);
  CHECK(land("ranMID=12345&ranSiteID=CASHX-abc", "ok=0").set_cookies.empty());
  // Off: as always, and nothing is counted.
  c.consent = consent_source::off;
  const request_decision off = land("ranMID=12345&ranSiteID=PUB1-abc", "ok=0");
  CHECK(off.set_cookies.size() == 2);
  CHECK(off.landing_consent.empty());
}

TEST_CASE("a Rakuten link for another advertiser (a ranMID other than RAKUTEN_MID) is not this merchant's click") {
  for (const char* query : {"ranMID=99999&ranSiteID=PUB1-abc", "ranMID=12a%3Bb&ranSiteID=PUB1-abc", "ranMID=&ranSiteID=PUB1-abc"}) {
    INFO(query);
    const request_decision d = get(settings(), "/", query);
    CHECK(d.set_cookies.empty());
    CHECK(d.log == "landing not recorded: ranMID names another advertiser than RAKUTEN_MID");
    CHECK(d.refused_landings == std::vector<std::string>{"rakuten"});
  }
  // Another network's click on the same URL is still this merchant's.
  const request_decision both = get(settings(), "/", "ranMID=99999&ranSiteID=PUB1-abc&awc=1_2_3");
  CHECK(both.set_cookies.size() == 1);
  CHECK(get(settings(), "/", "ranSiteID=PUB1-abc").set_cookies.size() == 2);
}

TEST_CASE("with ADMIN_HOST the admin area answers only there, and the admin host serves nothing of the shop") {
  config c = settings();
  c.admin_token = std::string(32, 'k');
  c.admin_host = "admin.shop.example";
  const auto at = [&](std::string_view host, std::string_view path, std::string_view auth = "") {
    return decide_request(c, incoming_request{"GET", path, "", "", auth, "", host}, now);
  };
  const std::string bearer = "Bearer " + c.admin_token;
  CHECK(at("shop.example", "/_edgepost/admin/", bearer).route == "not_found");
  CHECK(at("shop.example", "/_edgepost/admin/api/orders", bearer).route == "not_found");
  CHECK(at("Admin.Shop.Example", "/_edgepost/admin/api/orders", bearer).route == "admin_orders");
  CHECK(at("admin.shop.example", "/_edgepost/admin/").route == "admin_sign_in");
  // The admin host proxies no shop page, and the shop host still serves the shop and edgepost's other routes.
  const request_decision page = at("admin.shop.example", "/products/1");
  CHECK(page.action == request_action::route);
  CHECK(page.route == "not_found");
  CHECK(at("shop.example", "/products/1").action == request_action::pass);
  CHECK(at("shop.example", "/_edgepost/health").route == "health");
  const request_filter f = make_request_filter(c);
  CHECK(request_may_need_core(f, incoming_request{"GET", "/products/1", "", "", "", "", "ADMIN.shop.example"}));
  CHECK_FALSE(request_may_need_core(f, incoming_request{"GET", "/products/1", "", "", "", "", "shop.example"}));
}
