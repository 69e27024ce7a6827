// edgepost's configuration: wrangler.toml [vars] and secrets, handed to the core as one JSON
// object of strings. Every default and limit a merchant can change lives here.
#pragma once
#include <cstdint>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "crypto/crypto.h"
#include "support/result.h"

namespace edgepost {

enum class delivery_mode { live, shadow };

// An admin token must be long enough that guessing it is hopeless; a shorter one is refused and the
// admin routes stay closed.
constexpr size_t min_admin_token_length = 32;
// The largest MAX_BODY_BYTES. A body is held about five times while it is read, verified and parsed
// (the stream's chunks, the joined bytes, the copy in the core, simdjson's padded copy and its
// tape), and an isolate has 128 MB: 8 MiB keeps the largest accepted body near 40 MB.
constexpr int64_t max_body_bytes_limit = 8 * 1048576;
enum class discount_reporting { discount_line, spread_over_lines };
// Which networks are told of a sale (README, "Networks"): the one whose click was last
// (last_click), or each with a click in its window (per_network).
enum class attribution_policy { last_click, per_network };

// Whose record of the shopper's consent a landing reads (README, "Consent"): none (off), the IAB
// TCF string, OneTrust's, Cookiebot's, or a named cookie with a given value.
enum class consent_source { off, tcf, onetrust, cookiebot, cookie };

struct config {
  std::string rakuten_mid;
  std::string rakuten_endpoint = "https://track.linksynergy.com/ep";
  int64_t attribution_days = 30;
  attribution_policy policy = attribution_policy::last_click;
  // Ties (clicks in the same second, one URL with two networks' parameters) go to the network named
  // first; networks not named follow in the network table's order. Empty: the table's order.
  std::vector<std::string> network_priority;
  std::string origin;
  // MODE: every network's, unless MODE names the network (`live,awin:shadow`): a network edgepost
  // starts sending to beside its own pixel can be shadowed while the others are live.
  delivery_mode mode = delivery_mode::live;
  std::vector<std::pair<std::string, delivery_mode>> network_modes;
  // Seconds to wait after each failed attempt; one more attempt than steps. About 3.3 days
  // in all, growing like Svix's schedule.
  std::vector<int64_t> retry_schedule{60, 300, 1800, 7200, 18000, 36000, 86400, 86400, 86400};
  int64_t retry_jitter_percent = 10;
  int64_t postback_timeout_seconds = 15;
  int64_t join_grace_seconds = 3600;
  // A subscription's renewals (DESIGN, "Subscriptions"): sent (all) or not (first), each credited
  // to the click of the subscription's first sale for up to recurring_sales_days after that click.
  bool recurring_sales_all = false;
  int64_t recurring_sales_days = 365;
  std::vector<std::string> join_cookies;
  std::vector<std::string> join_params;
  int64_t max_body_bytes = 1048576;
  int64_t webhook_tolerance_seconds = 300;
  bool rmstore_cookie = true;
  discount_reporting discounts = discount_reporting::discount_line;
  std::vector<std::string> currencies_without_cents;

  consent_source consent = consent_source::off;
  std::string consent_group = "C0004";        // OneTrust's group for targeting cookies
  std::string consent_cookie_name;            // CONSENT=cookie:<name>=<value>
  std::string consent_cookie_value;
  // TCF vendor ids per network (CONSENT_TCF_VENDORS=rakuten:<id>,awin:907); a network without one
  // needs purpose 1 only.
  std::vector<std::pair<std::string, int64_t>> consent_tcf_vendors;
  // Publishers (cashback and loyalty partners) whose users signed up to be tracked: tracked whatever
  // the banner says, the merchant's legal call.
  std::vector<std::string> consent_exempt_sites;

  hmac_secret cookie_secret;
  hmac_secret cookie_secret_previous;
  std::string orders_api_secret;
  std::string admin_token;
  // The host the dashboard and the admin API answer on (README, "Security"), lower case, with its
  // port if it has one; on it, nothing else is served. Empty: they answer on the shop's own host.
  std::string admin_host;
  // Reconciliation and monitoring. The report URL carries Rakuten's token: never logged or shown.
  std::string rakuten_report_url;
  std::string alert_webhook_url;
  std::string alert_webhook_secret;
  std::string alert_slack_webhook_url;
  std::string public_url;
  // Tests only (EDGEPOST_TEST_TRAP): a request whose query holds edgepost_test_trap=<this> makes the
  // module trap, so the shell's recovery can be tested against the shipped module.
  std::string test_trap_token;

  // Human sentences for everything wrong or missing; empty when edgepost can run.
  std::vector<std::string> problems;
  // Sentences for settings edgepost refused without stopping (health lists them).
  std::vector<std::string> warnings;

  // Every setting the environment holds, by name, trimmed and non-empty, sorted: read by the layer
  // that owns it (each network its own, README "Networks"), so that adding a network's settings
  // does not touch this file.
  std::vector<std::pair<std::string, std::string>> named;
  // The named setting, empty when it is not set.
  std::string_view setting(std::string_view name) const;
  void set(std::string_view name, std::string_view value);

  bool is_complete() const { return problems.empty(); }
  int64_t attribution_seconds() const { return attribution_days * 86400; }
  bool sends_without_cents(std::string_view currency) const;
  delivery_mode mode_for(std::string_view network) const;
};

// Unknown keys are ignored (the environment holds other bindings); bad values fall back to the
// default and are reported in `problems`.
result<config> parse_config(std::string_view json);

// An http:// or https:// URL, as every URL setting must be (the networks' API bases among them).
bool looks_like_http_url(std::string_view url);

}  // namespace edgepost
