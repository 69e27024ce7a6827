// Partnerize's entry in the network table. Its click is Partnerize's click reference (clickref) on the
// landing URL (the design card's contract, "Several networks"). edgepost does not send to Partnerize
// yet: its clicks are captured and take part in choosing the one network a sale is credited to (the
// last click), so a sale Partnerize won is not reported to another network; the merchant's own
// Partnerize tracking reports it.
#pragma once
#include "networks/network_table.h"

namespace edgepost {

inline constexpr network partnerize_network{
    .name = "partnerize",
    .display_name = "Partnerize",
    .landing_parameter = "clickref",
    .valid_click_id = is_valid_site_id,
    .read_landing = nullptr,
    .landing_cookies = nullptr,
    .status = nullptr,
    .build = nullptr,
    .auth_headers = nullptr,
    .judge = nullptr,
};

}  // namespace edgepost
