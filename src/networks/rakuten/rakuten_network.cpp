#include "networks/rakuten/rakuten_network.h"

#include "encoding/cookie_header.h"
#include "encoding/query_string.h"
#include "networks/rakuten/rakuten_postback.h"

namespace edgepost {
namespace {

// Rakuten's own tag sets rmStore for 30 days (max-age 2592000).
constexpr int64_t rmstore_max_age_seconds = 30 * 86400;

}  // namespace

void read_rakuten_landing(std::string_view query, click& c) {
  if (const auto mid = find_query_parameter(query, "ranMID"); mid && is_valid_mid(*mid)) c.mid = *mid;
  if (const auto eaid = find_query_parameter(query, "ranEAID"); eaid && is_valid_eaid(*eaid)) c.eaid = *eaid;
}

std::string_view refuse_rakuten_landing(const config& settings, std::string_view query) {
  const auto mid = find_query_parameter(query, "ranMID");
  if (mid && *mid != settings.rakuten_mid) return "ranMID names another advertiser than RAKUTEN_MID";
  return {};
}

std::string rakuten_publisher(const click& c) {
  if (!c.eaid.empty()) return c.eaid;
  return c.site_id.substr(0, c.site_id.find('-'));
}

// Rakuten's first-party cookie, so the merchant's existing pixel keeps working alongside.
void rakuten_landing_cookies(const config& settings, const click& c, unix_seconds now, std::vector<std::string>& out) {
  if (!settings.rmstore_cookie) return;
  set_cookie_options rmstore;
  rmstore.max_age_seconds = rmstore_max_age_seconds;
  rmstore.http_only = false;
  const std::string value = "amid:" + settings.rakuten_mid + "|ald:" + format_rakuten_time(now) + "|atrv:" + c.site_id;
  if (is_cookie_octets(value)) out.push_back(build_set_cookie("rmStore", value, rmstore));
}

// RAKUTEN_MID is required configuration: without it the configuration is incomplete and health
// answers 503 naming it.
network_status rakuten_status(const config& settings) {
  if (settings.rakuten_mid.empty()) return {network_state::misconfigured, "RAKUTEN_MID is not set"};
  return {network_state::sending, "postbacks go to RAKUTEN_ENDPOINT for merchant " + settings.rakuten_mid};
}

result<network_request> build_rakuten_request(const config& settings, const conversion& c) {
  network_request r;
  if (const error_code e = build_postback_url(settings, c).get(r.url); e != error_code::success) return e;
  return r;
}

}  // namespace edgepost
