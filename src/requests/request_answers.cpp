#include "requests/request_answers.h"

#include "config/health_report.h"
#include "encoding/json_writer.h"
#include "model/items_fetch.h"
#include "model/order_codec.h"
#include "model/order_shard.h"
#include "networks/network_table.h"
#include "providers/provider_table.h"
#include "requests/proxy_rules.h"
#include "requests/shell_limits.h"
#include "support/once_per_isolate.h"

namespace edgepost {
namespace {

std::string health_report(const config& settings, std::string_view toolchain);

// The route's own answer when it needs nothing more from the shell (health and the refusals).
EDGEPOST_APART void write_terminal_answer(json_writer& out, const config& settings, const request_decision& d,
                           std::string_view toolchain) {
  core_answer a;
  if (d.route == "not_found") {
    a = refusal_answer(404, "not_found", "no such edgepost route, or the provider behind it is switched off");
  } else if (d.route == "method_not_allowed") {
    a = refusal_answer(405, "method_not_allowed", "this route does not answer that method");
  } else if (d.route == "unauthorized") {
    a = refusal_answer(401, "unauthorized",
                       settings.admin_token.empty()
                           ? "ADMIN_TOKEN is not set (or shorter than 32 characters), so the admin routes are closed"
                           : "send Authorization: Bearer <ADMIN_TOKEN>");
  } else if (d.route == "cross_origin") {
    a = refusal_answer(403, "cross_origin", "a dashboard session only takes changes from the dashboard's own page");
  } else if (d.route == "health") {
    // The public check says only whether edgepost runs: the report (the origin's address, the
    // providers, the networks, the limits) is the admin's (README, "Security").
    json_writer body;
    body.begin_object().member("ok", settings.is_complete());
    if (!settings.is_complete())
      body.member("message", "the configuration is incomplete: the admin health report (/_edgepost/admin/api/health) says why");
    body.end_object();
    a = {settings.is_complete() ? 200 : 503, body.take()};
  } else if (d.route == "admin_health") {
    a = {settings.is_complete() ? 200 : 503, health_report(settings, toolchain)};
  }
  if (a.code != 0) out.member("status", int64_t{a.code}).member("body", a.output);
}

EDGEPOST_APART void write_join(json_writer& out, const config& settings, const request_decision& d) {
  out.key("join").begin_object().key("keys").begin_array();
  for (const auto& k : d.join_keys) write_addressed_key(out, k);
  out.end_array().key("click");
  write_click(out, d.join_click);
  // A join key keeps its click for the attribution window; after that it could no longer
  // attribute a sale.
  out.member("expires_at", d.join_click.landed_at + settings.attribution_seconds());
  out.end_object();
}

// Which elements of an HTML page carry the signed click, and how: the providers' table says.
EDGEPOST_APART void write_rewrite(json_writer& out, const request_decision& d) {
  out.key("rewrite").begin_array();
  for (const auto& tag : d.page_tags) {
    out.begin_object().member("how", tagging_name(tag.how)).member("selector", tag.selector);
    out.member("name", tag.name).member("value", tag.value).end_object();
  }
  out.end_array();
}

EDGEPOST_ONCE_PER_ISOLATE std::string health_report(const config& settings, std::string_view toolchain) {
  json_writer networks, providers;
  write_network_states(networks, settings);
  write_provider_states(providers, settings);
  return health_report_json(settings, toolchain, networks.text(), providers.text());
}

}  // namespace

EDGEPOST_ONCE_PER_ISOLATE core_answer answer_configure(const config& settings, std::string_view toolchain) {
  const request_filter filter = make_request_filter(settings);
  json_writer out;
  out.begin_object().key("health").raw(health_report(settings, toolchain));
  out.key("request_filter").begin_object().member("path_prefix", filter.path_prefix);
  out.key("query_markers").begin_array();
  for (const auto& m : filter.query_markers) out.string(m);
  out.end_array().member("cookie_marker", filter.cookie_marker).member("admin_host", filter.admin_host).end_object();
  out.key("proxy");
  write_proxy_rules(out, settings);
  out.key("shell");
  write_shell_limits(out, settings);
  out.key("errors");
  write_shell_errors(out);
  out.end_object();
  return {settings.is_complete() ? 1 : 0, out.take()};
}

core_answer answer_request(const config& settings, const incoming_request& r, unix_seconds now,
                           std::string_view toolchain) {
  // The test hook (EDGEPOST_TEST_TRAP): the core fails on purpose, so the shell's recovery from a
  // trap is tested through the real module.
  if (!settings.test_trap_token.empty() &&
      r.query.find("edgepost_test_trap=" + settings.test_trap_token) != std::string_view::npos)
    __builtin_trap();
  const request_decision d = decide_request(settings, r, now);
  if (d.action == request_action::pass && d.log.empty() && d.landing_consent.empty() && d.refused_landings.empty())
    return {answer_pass, {}};
  json_writer out;
  out.begin_object();
  if (!d.log.empty()) out.member("log", d.log);
  if (!d.landing_consent.empty()) {
    // What the landing counts, per network (README, "Consent").
    out.key("consent").begin_object();
    for (const auto& [network, state] : d.landing_consent) out.member(network, consent_state_name(state));
    out.end_object();
  }
  if (!d.landing_consent.empty() || !d.refused_landings.empty()) {
    // What the landing counts in the stats: each network's click by its consent, and the clicks
    // refused as another advertiser's.
    out.key("landing_counts").begin_array();
    for (const auto& [network, state] : d.landing_consent) out.string(consent_state_name(state));
    for (size_t i = 0; i < d.refused_landings.size(); ++i) out.string("refused");
    out.end_array().member("landing_day", format_calendar_day(now));
  }
  if (d.action == request_action::decorate) {
    out.key("set_cookies").begin_array();
    for (const auto& c : d.set_cookies) out.string(c);
    out.end_array();
    if (d.has_click) write_join(out, settings, d);
    if (d.watch_response) out.member("watch_response", true);
    if (!d.page_tags.empty()) write_rewrite(out, d);
    // An HTML answer carries the consent script with this token (README, "Consent").
    if (!d.consent_token.empty()) out.member("consent_token", d.consent_token);
  }
  if (d.action == request_action::route) {
    out.member("route", d.route).member("argument", d.route_argument);
    if (d.route == "provider_webhook") {
      // Which request headers carry this provider's signature and topic.
      if (const provider* p = find_provider(d.route_argument))
        out.member("signature_header", p->signature_header).member("topic_header", p->topic_header);
    }
    write_terminal_answer(out, settings, d, toolchain);
    if (!d.session_id.empty()) {
      // The answer instead, when the session store says the session was ended.
      request_decision ended;
      ended.route = d.session_ended_route;
      out.member("session", d.session_id).key("session_ended").begin_object().member("route", ended.route);
      write_terminal_answer(out, settings, ended, toolchain);
      out.end_object();
    }
  }
  out.end_object();
  const int32_t code = d.action == request_action::pass       ? answer_pass_with_log
                       : d.action == request_action::decorate ? answer_decorate
                                                              : answer_route;
  return {code, out.take()};
}

}  // namespace edgepost
