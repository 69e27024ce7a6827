#include "requests/request_decision.h"

#include <algorithm>
#include <cctype>

#include "attribution/attribution_token.h"
#include "attribution/join_keys.h"
#include "attribution/reference_token.h"
#include "crypto/crypto.h"
#include "encoding/cookie_header.h"
#include "encoding/query_string.h"
#include "requests/admin_session.h"
#include "requests/click_cookies.h"
#include "model/click.h"
#include "networks/arbitration.h"
#include "networks/network_table.h"
#include "providers/provider_table.h"
#include "support/once_per_isolate.h"

namespace edgepost {
namespace {

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

// The request came to `admin_host` (ADMIN_HOST, lower case; host names compare without case).
// Empty: there is no admin host.
bool is_admin_host(std::string_view host_header, std::string_view admin_host) {
  if (admin_host.empty() || host_header.size() != admin_host.size()) return false;
  for (size_t i = 0; i < host_header.size(); ++i)
    if (std::tolower(static_cast<unsigned char>(host_header[i])) != admin_host[i]) return false;
  return true;
}

bool on_admin_host(const config& settings, const incoming_request& r) {
  return is_admin_host(r.host_header, settings.admin_host);
}

EDGEPOST_APART request_decision decide_edgepost_route(const config& settings, const incoming_request& r,
                                                     unix_seconds now) {
  const std::string_view rest = r.path.substr(edgepost_path_prefix.size());
  const bool get = r.method == "GET" || r.method == "HEAD";
  const bool post = r.method == "POST";
  if (rest == "health") return get ? route_to("health") : route_to("method_not_allowed");
  if (rest == "consent") return post ? route_to("consent") : route_to("method_not_allowed");
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
    // With ADMIN_HOST set, the admin area exists only there: on the shop's host a page's script
    // shares the shop's origin, so it must not find the dashboard on it (README, "Security").
    if (!settings.admin_host.empty() && !on_admin_host(settings, r)) return route_to("not_found");
    if (rest == "admin/login" || rest == "admin/logout") {
      if (!post) return route_to("method_not_allowed");
      if (!same_origin(r)) return route_to("cross_origin");
      return route_to(rest == "admin/login" ? "admin_login" : "admin_logout");
    }
    const bool bearer = admin_authorized(settings, r.authorization_header);
    const auto claim = bearer ? std::nullopt : admin_session_of(settings, r.cookie_header, now);
    const bool session = claim.has_value();
    // A session's cookie is genuine; whether it was ended since is the session store's to say: the
    // shell asks it, and takes `session_ended_route` instead when it was.
    const auto with_session = [&](request_decision d, std::string_view ended_route) {
      if (session) {
        d.session_id = claim->id;
        d.session_ended_route = std::string(ended_route);
      }
      return d;
    };
    if (rest == "admin" || rest == "admin/") {
      if (!get) return route_to("method_not_allowed");
      return with_session(route_to(bearer || session ? "admin_page" : "admin_sign_in"), "admin_sign_in");
    }
    if (!bearer && !session) return route_to("unauthorized");
    const auto admin_route_to = [&](std::string route, std::string argument = {}) {
      return with_session(route_to(std::move(route), std::move(argument)), "unauthorized");
    };
    // A session cookie travels with any request the browser makes; a change is taken only from the
    // dashboard's own page (SameSite=Strict aside, a forged cross-site form is refused here).
    if (session && !get && !same_origin(r)) return route_to("cross_origin");
    if (rest == "admin/logout-everywhere") {
      return post ? admin_route_to("admin_logout_everywhere") : route_to("method_not_allowed");
    }
    if (rest == "admin/api/orders") return get ? admin_route_to("admin_orders") : route_to("method_not_allowed");
    if (rest == "admin/api/retry-dead") return post ? admin_route_to("admin_retry_dead") : route_to("method_not_allowed");
    constexpr std::string_view orders_prefix = "admin/api/orders/";
    constexpr std::string_view retry_suffix = "/retry";
    if (rest.substr(0, orders_prefix.size()) == orders_prefix && rest.size() > orders_prefix.size() + retry_suffix.size() &&
        rest.substr(rest.size() - retry_suffix.size()) == retry_suffix) {
      if (!post) return route_to("method_not_allowed");
      const std::string_view id =
          rest.substr(orders_prefix.size(), rest.size() - orders_prefix.size() - retry_suffix.size());
      return admin_route_to("admin_retry_order", std::string(id));
    }
    if (rest == "admin/api/stats") return get ? admin_route_to("admin_stats") : route_to("method_not_allowed");
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
        {"admin/api/health", false, "admin_health"},
        {"admin/api/alerts", false, "admin_alerts"},
        {"admin/api/dashboard", false, "admin_dashboard"},
        {"admin/api/alerts/test", true, "admin_alerts_test"},
        // The scheduled run on demand: self-hosted workerd has no Cron Triggers, so a timer calls this.
        {"admin/api/scheduled", true, "admin_scheduled"},
        // Every stored order, join key, report and monitoring state, as JSON lines (a backup, a move).
        {"admin/api/export", false, "admin_export"},
        {"admin/api/import", true, "admin_import"},
    };
    for (const auto& a : reconciliation_routes)
      if (rest == a.path) return (a.post ? post : get) ? admin_route_to(std::string(a.route)) : route_to("method_not_allowed");
    return route_to("not_found");
  }
  return route_to("not_found");
}

// A landing: the networks whose parameter the query carries, each with a valid click id, make a
// click each. The cookie keeps the latest click of every network: those the request's cookie holds
// already are kept, the networks landed now replaced, so a later sale can be credited to the last
// of them (networks/arbitration.h). Returns the click of this landing that join keys carry (of two
// in one URL, the network first in NETWORK_PRIORITY).
std::optional<click> decide_landing(const config& settings, const incoming_request& r, unix_seconds now,
                                    request_decision& d) {
  std::vector<click> clicks, undecided;
  for (const auto& n : networks()) {
    if (!query_mentions(r.query, n.landing_parameter)) continue;
    const auto id = find_query_parameter(r.query, n.landing_parameter);
    if (!id) continue;  // the parameter's name was only a substring of something else
    if (!settings.is_complete() || settings.cookie_secret.empty()) {
      d.log = "landing ignored: edgepost is not fully configured (see /_edgepost/health)";
      return std::nullopt;
    }
    if (!n.valid_click_id(*id)) {
      d.log = "landing ignored: " + std::string(n.landing_parameter) + " is not a valid " + std::string(n.name) + " click id";
      continue;
    }
    if (const std::string_view refusal = n.refuse_landing ? n.refuse_landing(settings, r.query) : std::string_view{};
        !refusal.empty()) {
      d.log = "landing not recorded: " + std::string(refusal);
      d.refused_landings.emplace_back(n.name);
      continue;
    }
    click c;
    c.network = std::string(n.name);
    c.site_id = *id;
    c.landed_at = now;
    if (n.read_landing) n.read_landing(r.query, c);
    // A click is stored only with the shopper's consent for its network (README, "Consent").
    const consent_state consent = consent_for_click(settings, r.cookie_header, n.name, n.publisher ? n.publisher(c) : "");
    if (consent != consent_state::off) d.landing_consent.emplace_back(n.name, consent);
    if (!may_store(consent)) {
      d.log = "landing not recorded: consent " + std::string(consent_state_name(consent)) + " for " + std::string(n.name) +
              " (CONSENT)";
      if (consent == consent_state::undecided) undecided.push_back(std::move(c));
      continue;
    }
    clicks.push_back(std::move(c));
  }
  if (!undecided.empty()) {
    // The page gets a token of these clicks, which the consent route stores once the shopper
    // consents on it (README, "Consent").
    d.action = request_action::decorate;
    d.consent_token = sign_consent_token(undecided, settings.cookie_secret);
  }
  if (clicks.empty()) return std::nullopt;
  d.action = request_action::decorate;
  d.join_marker_token = store_clicks(settings, clicks, r.cookie_header, now, d.set_cookies);
  size_t first = 0;
  for (size_t i = 1; i < clicks.size(); ++i)
    if (network_rank(settings, clicks[i].network) < network_rank(settings, clicks[first].network)) first = i;
  return clicks[first];
}

// For a request that carries a click (its cookie, or this very landing): join keys not yet
// recorded for that click, and, when providers are switched on, the response watching and HTML
// tagging that let their checkouts find the click. Costs nothing for a visitor without a click,
// and nothing at all unless joins or providers are configured.
EDGEPOST_APART void decide_join(const config& settings, const incoming_request& r, unix_seconds now,
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
  } else if (verify_attribution_token(token, cookie_keys(settings), now,
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
  if (providers) d.page_tags = page_tags(settings, cookie_form);
}

}  // namespace

request_filter make_request_filter(const config& settings) {
  request_filter f;
  f.path_prefix = std::string(edgepost_path_prefix);
  f.admin_host = settings.admin_host;
  for (const auto& n : networks()) f.query_markers.emplace_back(n.landing_parameter);
  if (!settings.test_trap_token.empty()) f.query_markers.emplace_back("edgepost_test_trap=");
  if (!settings.join_cookies.empty() || !settings.join_params.empty() || any_provider_enabled(settings))
    f.cookie_marker = std::string(attribution_cookie_name) + "=";
  return f;
}

bool request_may_need_core(const request_filter& f, const incoming_request& r) {
  if (r.path.substr(0, f.path_prefix.size()) == f.path_prefix) return true;
  if (is_admin_host(r.host_header, f.admin_host)) return true;
  for (const auto& m : f.query_markers)
    if (r.query.find(m) != std::string_view::npos) return true;
  return !f.cookie_marker.empty() && r.cookie_header.find(f.cookie_marker) != std::string_view::npos;
}

request_decision decide_request(const config& settings, const incoming_request& r, unix_seconds now) {
  if (r.path.substr(0, edgepost_path_prefix.size()) == edgepost_path_prefix) return decide_edgepost_route(settings, r, now);
  // The admin host serves nothing of the shop: a shop page there would run on the dashboard's origin.
  if (on_admin_host(settings, r)) return route_to("not_found");
  request_decision d;
  const std::optional<click> landed = decide_landing(settings, r, now, d);
  if (!settings.join_cookies.empty() || !settings.join_params.empty() || any_provider_enabled(settings))
    decide_join(settings, r, now, landed, d);
  return d;
}

}  // namespace edgepost
