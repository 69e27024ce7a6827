#include "requests/request_decision.h"

#include <algorithm>

#include "attribution/attribution_token.h"
#include "attribution/join_keys.h"
#include "attribution/reference_token.h"
#include "crypto/crypto.h"
#include "encoding/cookie_header.h"
#include "encoding/query_string.h"
#include "requests/admin_session.h"
#include "model/click.h"
#include "providers/provider_table.h"

namespace edgepost {
namespace {

constexpr std::string_view landing_parameter = "ranSiteID";

request_decision route_to(std::string route, std::string argument = {}) {
  request_decision d;
  d.action = request_action::route;
  d.route = std::move(route);
  d.route_argument = std::move(argument);
  return d;
}

bool admin_authorized(const config& settings, std::string_view authorization) {
  constexpr std::string_view scheme = "Bearer ";
  if (settings.admin_token.empty() || authorization.substr(0, scheme.size()) != scheme) return false;
  return equal_in_constant_time(authorization.substr(scheme.size()), settings.admin_token);
}

// A browser's POST names where it came from; the dashboard's come from the same scheme-less host.
bool same_origin(const incoming_request& r) {
  std::string_view origin = r.origin_header;
  for (std::string_view scheme : {"https://", "http://"})
    if (origin.substr(0, scheme.size()) == scheme) return !r.host_header.empty() && origin.substr(scheme.size()) == r.host_header;
  return false;
}

request_decision decide_edgepost_route(const config& settings, const incoming_request& r, unix_seconds now) {
  const std::string_view rest = r.path.substr(edgepost_path_prefix.size());
  const bool get = r.method == "GET" || r.method == "HEAD";
  const bool post = r.method == "POST";
  if (rest == "health") return get ? route_to("health") : route_to("method_not_allowed");
  if (rest == "orders") {
    if (!post) return route_to("method_not_allowed");
    return settings.orders_api_secret.empty() ? route_to("not_found") : route_to("orders");
  }
  constexpr std::string_view webhooks_prefix = "webhooks/";
  if (rest.substr(0, webhooks_prefix.size()) == webhooks_prefix) {
    const provider* p = find_provider(rest.substr(webhooks_prefix.size()));
    if (!p || !is_enabled(*p, settings)) return route_to("not_found");
    return post ? route_to("provider_webhook", std::string(p->name)) : route_to("method_not_allowed");
  }
  if (rest.substr(0, 5) == "admin") {
    if (rest == "admin/login" || rest == "admin/logout") {
      if (!post) return route_to("method_not_allowed");
      if (!same_origin(r)) return route_to("cross_origin");
      return route_to(rest == "admin/login" ? "admin_login" : "admin_logout");
    }
    const bool bearer = admin_authorized(settings, r.authorization_header);
    const bool session = !bearer && has_admin_session(settings, r.cookie_header, now);
    if (rest == "admin" || rest == "admin/") {
      if (!get) return route_to("method_not_allowed");
      return route_to(bearer || session ? "admin_page" : "admin_sign_in");
    }
    if (!bearer && !session) return route_to("unauthorized");
    // A session cookie travels with any request the browser makes; a change is taken only from the
    // dashboard's own page (SameSite=Strict aside, a forged cross-site form is refused here).
    if (session && !get && !same_origin(r)) return route_to("cross_origin");
    if (rest == "admin/api/orders") return get ? route_to("admin_orders") : route_to("method_not_allowed");
    if (rest == "admin/api/retry-dead") return post ? route_to("admin_retry_dead") : route_to("method_not_allowed");
    constexpr std::string_view orders_prefix = "admin/api/orders/";
    constexpr std::string_view retry_suffix = "/retry";
    if (rest.substr(0, orders_prefix.size()) == orders_prefix && rest.size() > orders_prefix.size() + retry_suffix.size() &&
        rest.substr(rest.size() - retry_suffix.size()) == retry_suffix) {
      if (!post) return route_to("method_not_allowed");
      const std::string_view id =
          rest.substr(orders_prefix.size(), rest.size() - orders_prefix.size() - retry_suffix.size());
      return route_to("admin_retry_order", std::string(id));
    }
    if (rest == "admin/api/stats") return get ? route_to("admin_stats") : route_to("method_not_allowed");
    struct admin_route {
      std::string_view path;
      bool post;
      std::string_view route;
    };
    static constexpr admin_route reconciliation_routes[] = {
        {"admin/api/orders.csv", false, "admin_orders_csv"},
        {"admin/api/reconciliation", false, "admin_reconciliation"},
        {"admin/api/reconciliation/orders", false, "admin_reconciliation_orders"},
        {"admin/api/reconciliation.csv", false, "admin_reconciliation_csv"},
        {"admin/api/reconciliation/report", true, "admin_reconciliation_report"},
        {"admin/api/reconciliation/pull", true, "admin_reconciliation_pull"},
        {"admin/api/alerts", false, "admin_alerts"},
        {"admin/api/dashboard", false, "admin_dashboard"},
        {"admin/api/alerts/test", true, "admin_alerts_test"},
    };
    for (const auto& a : reconciliation_routes)
      if (rest == a.path) return (a.post ? post : get) ? route_to(std::string(a.route)) : route_to("method_not_allowed");
    return route_to("not_found");
  }
  return route_to("not_found");
}

// Returns the click a landing recorded, so the same request's join keys can use it.
std::optional<click> decide_landing(const config& settings, const incoming_request& r, unix_seconds now,
                                    request_decision& d) {
  const auto site_id = find_query_parameter(r.query, landing_parameter);
  if (!site_id) return std::nullopt;  // "ranSiteID" was only a substring of something else
  if (!settings.is_complete() || settings.cookie_secret.empty()) {
    d.log = "landing ignored: edgepost is not fully configured (see /_edgepost/health)";
    return std::nullopt;
  }
  if (!is_valid_site_id(*site_id)) {
    d.log = "landing ignored: ranSiteID is not a valid Rakuten click id";
    return std::nullopt;
  }
  click c;
  c.site_id = *site_id;
  c.landed_at = now;
  if (const auto mid = find_query_parameter(r.query, "ranMID"); mid && is_valid_mid(*mid)) c.mid = *mid;
  if (const auto eaid = find_query_parameter(r.query, "ranEAID"); eaid && is_valid_eaid(*eaid)) c.eaid = *eaid;

  d.action = request_action::decorate;
  set_cookie_options attribution_cookie;
  attribution_cookie.max_age_seconds = settings.attribution_seconds();
  d.join_marker_token = sign_attribution_token(c, settings.cookie_secret);
  d.set_cookies.push_back(build_set_cookie(attribution_cookie_name, d.join_marker_token, attribution_cookie));
  if (settings.rmstore_cookie) {
    // Rakuten's first-party cookie, so the merchant's existing pixel keeps working alongside.
    set_cookie_options rmstore;
    rmstore.max_age_seconds = rmstore_max_age_seconds;
    rmstore.http_only = false;
    std::string value = "amid:" + settings.rakuten_mid + "|ald:" + format_rakuten_time(now) + "|atrv:" + c.site_id;
    if (is_cookie_octets(value)) d.set_cookies.push_back(build_set_cookie("rmStore", value, rmstore));
  }
  return c;
}

// For a request that carries a click (its cookie, or this very landing): join keys not yet
// recorded for that click, and, when providers are switched on, the response watching and HTML
// tagging that let their checkouts find the click. Costs nothing for a visitor without a click,
// and nothing at all unless joins or providers are configured.
void decide_join(const config& settings, const incoming_request& r, unix_seconds now,
                 const std::optional<click>& landed, request_decision& d) {
  if (!settings.is_complete()) return;
  const bool providers = any_provider_enabled(settings);
  const auto cookie_token = find_cookie(r.cookie_header, attribution_cookie_name);
  const std::string_view token = landed ? std::string_view(d.join_marker_token) : cookie_token.value_or("");
  if (token.empty()) return;
  std::vector<std::string> keys = capture_join_keys(settings, r.query, r.cookie_header);
  for (auto& k : provider_request_join_keys(settings, r.path, r.query, r.cookie_header))
    if (std::find(keys.begin(), keys.end(), k) == keys.end()) keys.push_back(std::move(k));
  cap_join_keys(keys);
  const std::string marker = keys.empty() ? std::string() : join_marker(token, keys);
  if (!keys.empty() && find_cookie(r.cookie_header, join_marker_cookie_name) == std::optional<std::string_view>(marker))
    keys.clear();  // already recorded for this click
  if (keys.empty() && !providers) return;
  click c;
  if (landed) {
    c = *landed;
  } else if (verify_attribution_token(token, {settings.cookie_secret, settings.cookie_secret_previous}, now,
                                      settings.attribution_seconds())
                 .get(c) != error_code::success) {
    return;
  }
  d.action = request_action::decorate;
  d.has_click = true;
  d.join_click = std::move(c);
  if (!keys.empty()) {
    set_cookie_options marker_cookie;
    marker_cookie.max_age_seconds = settings.attribution_seconds();
    d.set_cookies.push_back(build_set_cookie(join_marker_cookie_name, marker, marker_cookie));
    d.join_keys = std::move(keys);
  }
  d.watch_response = watches_responses(settings);
  const std::string cookie_form = landed ? d.join_marker_token : std::string(token);
  if (tags_pages(settings, click_tagging::payment_links))
    d.payment_link_reference = reference_from_attribution_token(cookie_form);
  if (tags_pages(settings, click_tagging::cart_attribute)) {
    d.cart_attribute_reference = reference_from_attribution_token(cookie_form);
    d.cart_attribute_field = std::string(tagging_field(settings, click_tagging::cart_attribute));
  }
}

}  // namespace

request_filter make_request_filter(const config& settings) {
  request_filter f;
  f.path_prefix = std::string(edgepost_path_prefix);
  f.query_markers.emplace_back(landing_parameter);
  if (!settings.test_trap_token.empty()) f.query_markers.emplace_back("edgepost_test_trap=");
  if (!settings.join_cookies.empty() || !settings.join_params.empty() || any_provider_enabled(settings))
    f.cookie_marker = std::string(attribution_cookie_name) + "=";
  return f;
}

bool request_may_need_core(const request_filter& f, const incoming_request& r) {
  if (r.path.substr(0, f.path_prefix.size()) == f.path_prefix) return true;
  for (const auto& m : f.query_markers)
    if (r.query.find(m) != std::string_view::npos) return true;
  return !f.cookie_marker.empty() && r.cookie_header.find(f.cookie_marker) != std::string_view::npos;
}

request_decision decide_request(const config& settings, const incoming_request& r, unix_seconds now) {
  if (r.path.substr(0, edgepost_path_prefix.size()) == edgepost_path_prefix) return decide_edgepost_route(settings, r, now);
  request_decision d;
  std::optional<click> landed;
  if (query_mentions(r.query, landing_parameter)) landed = decide_landing(settings, r, now, d);
  if (!settings.join_cookies.empty() || !settings.join_params.empty() || any_provider_enabled(settings))
    decide_join(settings, r, now, landed, d);
  return d;
}

}  // namespace edgepost
