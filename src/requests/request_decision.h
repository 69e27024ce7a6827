// What the worker does with each incoming request, decided before the origin is asked:
//   pass      — proxy unchanged (almost every page view: one scan of the query, nothing stored)
//   decorate  — proxy, then add Set-Cookie headers to the origin's response (a landing)
//   route     — one of edgepost's own /_edgepost/ routes
#pragma once
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "config/config.h"
#include "consent/landing_consent.h"
#include "model/click.h"
#include "providers/provider_table.h"
#include "support/utc_time.h"

namespace edgepost {

struct incoming_request {
  std::string_view method;
  std::string_view path;   // without the query
  std::string_view query;  // without the '?'
  std::string_view cookie_header;
  std::string_view authorization_header;
  // For the dashboard's POSTs, which a session cookie authorizes only from the dashboard's own
  // origin: the Origin header and the Host the request was sent to.
  std::string_view origin_header;
  std::string_view host_header;
};

enum class request_action { pass, decorate, route };

struct request_decision {
  request_action action = request_action::pass;
  std::vector<std::string> set_cookies;
  std::string route;           // orders | health | admin_… | not_found | method_not_allowed | unauthorized
  std::string route_argument;  // e.g. the order id of /admin/api/orders/<ord>/retry
  std::string log;             // a line for the merchant's logs (why a landing set nothing, …)
  // Join keys to record for `join_click` (in the background: the response does not wait).
  std::vector<std::string> join_keys;
  click join_click;               // the request's verified click (set with any of the below)
  bool has_click = false;
  // Provider joins: look at the origin's answer (redirect, JSON) for checkout identifiers, and
  // tag Stripe Payment Links / Shopify cart forms in HTML with the signed click reference.
  bool watch_response = false;
  std::vector<page_tag> page_tags;  // an HTML page's elements that hand the click to a checkout
  std::string join_marker_token;  // the token a landing just signed (internal to the decision)
  // With CONSENT on, each network a landing carried a click of, and its consent: what the landing
  // counts (granted, exempt, denied, undecided).
  std::vector<std::pair<std::string, consent_state>> landing_consent;
  // The networks whose click this landing refused as not the merchant's (the stats count them).
  std::vector<std::string> refused_landings;
  // The clicks whose consent is undecided, signed for the page's consent script (empty: none).
  std::string consent_token;
  // An admin route taken on a dashboard session's cookie: the session's id, and the route to take
  // instead if the session store no longer holds it (signed out).
  std::string session_id;
  std::string session_ended_route;
};

constexpr std::string_view edgepost_path_prefix = "/_edgepost/";

request_decision decide_request(const config& settings, const incoming_request& request, unix_seconds now);

// The first step of decide_request as data: which requests can need more than passing through.
// The shell applies it before calling the core, so a plain page view never crosses into the core
// (the crossing and the two header reads cost about 4 µs in workerd, more than the decision).
// Every request decide_request would not simply pass matches it (tested table by table).
struct request_filter {
  std::string path_prefix;                 // a request under it is an edgepost route
  std::vector<std::string> query_markers;  // a query containing one may be a landing
  std::string cookie_marker;               // a Cookie header containing it may carry a click that
                                           // joins or providers act on; empty: no cookie matters
  std::string admin_host;                  // every request to it (ADMIN_HOST, lower case); empty: none
};
request_filter make_request_filter(const config& settings);
// What the shell does with the filter (worker/index.js does the same three checks).
bool request_may_need_core(const request_filter& filter, const incoming_request& request);

}  // namespace edgepost
