// Rakuten Advertising's entry in the network table: a landing's ranSiteID (with ranMID and
// ranEAID), Rakuten's own rmStore cookie, the postback of rakuten_postback.h (a GET to
// RAKUTEN_ENDPOINT, no credentials: the mid is in it) and the verdict of rakuten_verdict.h.
#pragma once
#include "networks/network_table.h"
#include "networks/rakuten/rakuten_verdict.h"

namespace edgepost {

void read_rakuten_landing(std::string_view query, click& c);
// A link's ranMID is the advertiser the click is for: another advertiser's click is not this
// merchant's sale.
std::string_view refuse_rakuten_landing(const config& settings, std::string_view query);
// The affiliate's id (ranEAID), or the site id's publisher part: ranSiteID is "<publisher>-<random>".
std::string rakuten_publisher(const click& c);
void rakuten_landing_cookies(const config& settings, const click& c, unix_seconds now, std::vector<std::string>& out);
network_status rakuten_status(const config& settings);
result<network_request> build_rakuten_request(const config& settings, const conversion& c);

inline constexpr network rakuten_network{
    .name = "rakuten",
    .display_name = "Rakuten",
    .landing_parameter = "ranSiteID",
    .valid_click_id = is_valid_site_id,
    .read_landing = read_rakuten_landing,
    .refuse_landing = refuse_rakuten_landing,
    .publisher = rakuten_publisher,
    .landing_cookies = rakuten_landing_cookies,
    .status = rakuten_status,
    .build = build_rakuten_request,
    .settings_advice = "check RAKUTEN_MID and RAKUTEN_ENDPOINT",
    .access_denied_advice = "Check that RAKUTEN_MID is your advertiser id and ask Rakuten to switch on "
                            "server-to-server postbacks for it.",
    .auth_headers = nullptr,
    .judge = judge_rakuten_response,
};

}  // namespace edgepost
