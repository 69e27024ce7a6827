#include "config/config.h"

#include <algorithm>
#include <cctype>
#include <charconv>
#include <optional>

#include "encoding/cookie_header.h"
#include "encoding/json_reader.h"
#include "model/click.h"
#include "support/once_per_isolate.h"
#include "support/text_trim.h"

namespace edgepost {
namespace {

std::vector<std::string> split_list(std::string_view text) {
  std::vector<std::string> out;
  while (!text.empty()) {
    const size_t comma = text.find(',');
    const std::string_view part = trim_blanks(text.substr(0, comma));
    if (!part.empty()) out.emplace_back(part);
    text = comma == std::string_view::npos ? std::string_view{} : text.substr(comma + 1);
  }
  return out;
}

std::optional<int64_t> parse_non_negative(std::string_view text) {
  text = trim_blanks(text);
  int64_t v = 0;
  const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), v);
  if (ec != std::errc{} || end != text.data() + text.size() || v < 0) return std::nullopt;
  return v;
}

void read_integer(json_object env, std::string_view name, int64_t minimum, int64_t maximum, int64_t& target,
                  std::vector<std::string>& problems) {
  const auto text = string_field(env, name);
  if (!text || trim_blanks(*text).empty()) return;
  const auto v = parse_non_negative(*text);
  if (!v || *v < minimum || *v > maximum) {
    problems.push_back(std::string(name) + " must be a whole number from " + std::to_string(minimum) + " to " +
                       std::to_string(maximum) + "; using the default " + std::to_string(target));
    return;
  }
  target = *v;
}

std::string_view trimmed_string_field(json_object env, std::string_view name) {
  const auto text = string_field(env, name);
  return text ? trim_blanks(*text) : std::string_view{};
}

void read_string(json_object env, std::string_view name, std::string& target) {
  if (const std::string_view text = trimmed_string_field(env, name); !text.empty()) target = std::string(text);
}

// Settings are named as wrangler.toml names them: capitals, digits and underscores. Other bindings
// (Durable Object namespaces, lower-case test hooks) are not settings.
// A host name as a Host header carries it: letters, digits, '-' and '.', then an optional port.
bool is_host_name(std::string_view host) {
  const size_t colon = host.find(':');
  const std::string_view name = host.substr(0, colon);
  if (name.empty() || name.size() > 253) return false;
  for (char ch : name)
    if (!((ch >= 'a' && ch <= 'z') || (ch >= '0' && ch <= '9') || ch == '-' || ch == '.')) return false;
  if (colon == std::string_view::npos) return true;
  const std::string_view port = host.substr(colon + 1);
  if (port.empty() || port.size() > 5) return false;
  for (char ch : port)
    if (ch < '0' || ch > '9') return false;
  return true;
}

bool is_setting_name(std::string_view name) {
  if (name.empty() || name.size() > 64 || name[0] < 'A' || name[0] > 'Z') return false;
  for (char ch : name)
    if (!((ch >= 'A' && ch <= 'Z') || (ch >= '0' && ch <= '9') || ch == '_')) return false;
  return true;
}

}  // namespace

std::string_view config::setting(std::string_view name) const {
  const auto at = std::lower_bound(named.begin(), named.end(), name,
                                   [](const auto& entry, std::string_view n) { return entry.first < n; });
  return at != named.end() && at->first == name ? std::string_view(at->second) : std::string_view{};
}

void config::set(std::string_view name, std::string_view value) {
  value = trim_blanks(value);
  const auto at = std::lower_bound(named.begin(), named.end(), name,
                                   [](const auto& entry, std::string_view n) { return entry.first < n; });
  if (at != named.end() && at->first == name) {
    if (value.empty()) named.erase(at);
    else at->second = std::string(value);
  } else if (!value.empty()) {
    named.emplace(at, std::string(name), std::string(value));
  }
}

bool looks_like_http_url(std::string_view url) {
  return url.substr(0, 7) == "http://" || url.substr(0, 8) == "https://";
}

delivery_mode config::mode_for(std::string_view network) const {
  for (const auto& [name, m] : network_modes)
    if (name == network) return m;
  return mode;
}

bool config::sends_without_cents(std::string_view currency) const {
  for (const auto& c : currencies_without_cents)
    if (c == currency) return true;
  return false;
}

EDGEPOST_ONCE_PER_ISOLATE result<config> parse_config(std::string_view json) {
  json_document doc;
  if (!doc.parse(json)) return error_code::malformed_json;
  const auto env = as_object(doc.root());
  if (!env) return error_code::malformed_json;

  config c;
  auto& problems = c.problems;
  for (const auto [name, value] : *env) {
    const auto text = as_string(value);
    if (text && is_setting_name(name)) c.set(name, *text);
  }
  read_string(*env, "RAKUTEN_MID", c.rakuten_mid);
  if (c.rakuten_mid.empty())
    problems.push_back("RAKUTEN_MID is not set: edgepost cannot build postbacks without the advertiser id");
  else if (!is_valid_mid(c.rakuten_mid))
    problems.push_back("RAKUTEN_MID must be the numeric advertiser id");

  read_string(*env, "RAKUTEN_ENDPOINT", c.rakuten_endpoint);
  if (!looks_like_http_url(c.rakuten_endpoint)) problems.push_back("RAKUTEN_ENDPOINT must be an http(s) URL");
  read_string(*env, "ORIGIN", c.origin);
  while (!c.origin.empty() && c.origin.back() == '/') c.origin.pop_back();
  if (!c.origin.empty() && !looks_like_http_url(c.origin)) problems.push_back("ORIGIN must be an http(s) URL or empty");

  read_integer(*env, "ATTRIBUTION_DAYS", 1, 365, c.attribution_days, problems);
  read_integer(*env, "JOIN_GRACE_SECONDS", 0, 30 * 86400, c.join_grace_seconds, problems);
  read_integer(*env, "RECURRING_SALES_DAYS", 1, 3650, c.recurring_sales_days, problems);
  if (const auto v = string_field(*env, "RECURRING_SALES"); v && !trim_blanks(*v).empty()) {
    if (trim_blanks(*v) == "first") c.recurring_sales_all = false;
    else if (trim_blanks(*v) == "all") c.recurring_sales_all = true;
    else problems.push_back("RECURRING_SALES must be first or all");
  }
  read_integer(*env, "MAX_BODY_BYTES", 1024, max_body_bytes_limit, c.max_body_bytes, problems);
  read_integer(*env, "POSTBACK_TIMEOUT_SECONDS", 1, 120, c.postback_timeout_seconds, problems);
  read_integer(*env, "RETRY_JITTER_PERCENT", 0, 50, c.retry_jitter_percent, problems);

  if (const auto mode = string_field(*env, "MODE"); mode && !trim_blanks(*mode).empty()) {
    const auto mode_named = [](std::string_view m) -> std::optional<delivery_mode> {
      if (m == "live") return delivery_mode::live;
      if (m == "shadow") return delivery_mode::shadow;
      return std::nullopt;
    };
    bool valid = true;
    for (const auto& part : split_list(*mode)) {
      const size_t colon = part.find(':');
      if (colon == std::string::npos) {
        if (const auto m = mode_named(part)) c.mode = *m;
        else valid = false;
        continue;
      }
      const std::string name(trim_blanks(std::string_view(part).substr(0, colon)));
      const auto m = mode_named(trim_blanks(std::string_view(part).substr(colon + 1)));
      if (!m || !is_valid_network_name(name)) valid = false;
      else c.network_modes.emplace_back(name, *m);
    }
    if (!valid) {
      c.mode = delivery_mode::live;
      c.network_modes.clear();
      problems.push_back("MODE must be live or shadow, optionally followed by networks' own (live,awin:shadow)");
    }
  }
  if (const auto schedule = string_field(*env, "RETRY_SCHEDULE"); schedule && !trim_blanks(*schedule).empty()) {
    std::vector<int64_t> steps;
    bool valid = true;
    for (const auto& part : split_list(*schedule)) {
      const auto v = parse_non_negative(part);
      if (!v || *v > 30 * 86400) valid = false;
      else steps.push_back(*v);
    }
    if (valid && !steps.empty()) c.retry_schedule = std::move(steps);
    else problems.push_back("RETRY_SCHEDULE must be comma-separated seconds (each at most 30 days)");
  }
  if (const auto v = string_field(*env, "JOIN_COOKIES")) c.join_cookies = split_list(*v);
  if (const auto v = string_field(*env, "JOIN_PARAMS")) c.join_params = split_list(*v);
  if (const auto v = string_field(*env, "CURRENCIES_WITHOUT_CENTS")) c.currencies_without_cents = split_list(*v);
  if (const auto v = string_field(*env, "RMSTORE_COOKIE"); v && !trim_blanks(*v).empty()) {
    if (trim_blanks(*v) == "on" || trim_blanks(*v) == "true") c.rmstore_cookie = true;
    else if (trim_blanks(*v) == "off" || trim_blanks(*v) == "false") c.rmstore_cookie = false;
    else problems.push_back("RMSTORE_COOKIE must be on or off");
  }
  if (const auto v = string_field(*env, "ATTRIBUTION_POLICY"); v && !trim_blanks(*v).empty()) {
    if (trim_blanks(*v) == "last_click") c.policy = attribution_policy::last_click;
    else if (trim_blanks(*v) == "per_network") c.policy = attribution_policy::per_network;
    else problems.push_back("ATTRIBUTION_POLICY must be last_click or per_network");
  }
  if (const auto v = string_field(*env, "NETWORK_PRIORITY"); v && !trim_blanks(*v).empty()) {
    for (const auto& part : split_list(*v)) {
      if (!is_valid_network_name(part)) {
        problems.push_back("NETWORK_PRIORITY must list network names separated by commas (rakuten,impact,cj,awin,partnerize)");
        c.network_priority.clear();
        break;
      }
      c.network_priority.emplace_back(part);
    }
  }
  if (const auto v = string_field(*env, "DISCOUNT_REPORTING"); v && !trim_blanks(*v).empty()) {
    if (trim_blanks(*v) == "line") c.discounts = discount_reporting::discount_line;
    else if (trim_blanks(*v) == "spread") c.discounts = discount_reporting::spread_over_lines;
    else problems.push_back("DISCOUNT_REPORTING must be line or spread");
  }

  if (const auto v = string_field(*env, "CONSENT"); v && !trim_blanks(*v).empty()) {
    const std::string_view consent = trim_blanks(*v);
    const size_t equals = consent.find('=');
    if (consent == "off") c.consent = consent_source::off;
    else if (consent == "tcf") c.consent = consent_source::tcf;
    else if (consent == "onetrust") c.consent = consent_source::onetrust;
    else if (consent == "cookiebot") c.consent = consent_source::cookiebot;
    else if (consent.substr(0, 7) == "cookie:" && equals != std::string_view::npos && equals > 7 &&
             is_cookie_octets(consent.substr(7, equals - 7)) && is_cookie_octets(consent.substr(equals + 1))) {
      c.consent = consent_source::cookie;
      c.consent_cookie_name = std::string(consent.substr(7, equals - 7));
      c.consent_cookie_value = std::string(consent.substr(equals + 1));
    } else {
      // Without knowing whose consent to read, no landing is recorded rather than every one.
      problems.push_back("CONSENT must be off, tcf, onetrust, cookiebot or cookie:<name>=<value>");
    }
  }
  read_string(*env, "CONSENT_GROUP", c.consent_group);
  if (const auto v = string_field(*env, "CONSENT_TCF_VENDORS"); v && !trim_blanks(*v).empty()) {
    for (const auto& part : split_list(*v)) {
      const size_t colon = part.find(':');
      const auto id = colon == std::string::npos ? std::nullopt : parse_non_negative(std::string_view(part).substr(colon + 1));
      const std::string name = colon == std::string::npos ? std::string() : std::string(trim_blanks(std::string_view(part).substr(0, colon)));
      if (!id || *id < 1 || *id > 65535 || !is_valid_network_name(name)) {
        problems.push_back("CONSENT_TCF_VENDORS must list <network>:<TCF vendor id> separated by commas (awin:907)");
        c.consent_tcf_vendors.clear();
        break;
      }
      c.consent_tcf_vendors.emplace_back(name, *id);
    }
  }
  if (const auto v = string_field(*env, "CONSENT_EXEMPT_SITES")) c.consent_exempt_sites = split_list(*v);
  c.cookie_secret = trimmed_string_field(*env, "COOKIE_SECRET");
  c.cookie_secret_previous = trimmed_string_field(*env, "COOKIE_SECRET_PREVIOUS");
  if (c.cookie_secret.empty())
    problems.push_back("COOKIE_SECRET is not set: landings cannot be recorded (set it with wrangler secret put)");
  else if (c.cookie_secret.size() < 16)
    problems.push_back("COOKIE_SECRET is too short: use at least 16 random characters");
  read_string(*env, "ORDERS_API_SECRET", c.orders_api_secret);
  // A provider's API origin (<NAME>_API_BASE, providers/provider_api.h) is where its credential goes.
  for (const auto& [name, value] : c.named)
    if (name.ends_with("_API_BASE") && !looks_like_http_url(value)) problems.push_back(name + " must be an http(s) URL");
  read_string(*env, "EDGEPOST_TEST_TRAP", c.test_trap_token);
  if (!c.test_trap_token.empty())
    c.warnings.push_back("EDGEPOST_TEST_TRAP is set: a request can make the core trap on purpose; tests only");
  read_string(*env, "ADMIN_TOKEN", c.admin_token);
  if (!c.admin_token.empty() && c.admin_token.size() < min_admin_token_length) {
    c.admin_token.clear();
    c.warnings.push_back("ADMIN_TOKEN is shorter than 32 characters, so the admin routes stay closed: "
                         "use a long random token (for example, openssl rand -hex 32)");
  }
  read_string(*env, "ADMIN_HOST", c.admin_host);
  std::transform(c.admin_host.begin(), c.admin_host.end(), c.admin_host.begin(),
                 [](unsigned char ch) { return static_cast<char>(std::tolower(ch)); });
  if (!c.admin_host.empty() && !is_host_name(c.admin_host)) {
    c.admin_host.clear();
    problems.push_back("ADMIN_HOST must be a host name, with its port if it has one (edgepost-admin.shop.example)");
  }
  if (c.admin_host.empty() && !c.admin_token.empty())
    c.warnings.push_back("ADMIN_HOST is not set: the dashboard shares the shop's origin, so a script on any shop page "
                         "could use a signed-in admin's session (README, \"Security\")");
  read_string(*env, "RAKUTEN_REPORT_URL", c.rakuten_report_url);
  if (!c.rakuten_report_url.empty() && !looks_like_http_url(c.rakuten_report_url)) {
    c.rakuten_report_url.clear();
    c.warnings.push_back("RAKUTEN_REPORT_URL is not an http(s) URL, so the report is not pulled");
  }
  read_string(*env, "ALERT_WEBHOOK_URL", c.alert_webhook_url);
  read_string(*env, "ALERT_WEBHOOK_SECRET", c.alert_webhook_secret);
  if (!c.alert_webhook_url.empty() && (!looks_like_http_url(c.alert_webhook_url) || c.alert_webhook_secret.empty())) {
    c.alert_webhook_url.clear();
    c.warnings.push_back("ALERT_WEBHOOK_URL needs an http(s) URL and ALERT_WEBHOOK_SECRET (whsec_…); alerts are not sent there");
  }
  read_string(*env, "ALERT_SLACK_WEBHOOK_URL", c.alert_slack_webhook_url);
  if (!c.alert_slack_webhook_url.empty() && !looks_like_http_url(c.alert_slack_webhook_url)) {
    c.alert_slack_webhook_url.clear();
    c.warnings.push_back("ALERT_SLACK_WEBHOOK_URL is not an http(s) URL; alerts are not sent to Slack");
  }
  read_string(*env, "PUBLIC_URL", c.public_url);
  while (!c.public_url.empty() && c.public_url.back() == '/') c.public_url.pop_back();
  return c;
}

}  // namespace edgepost
