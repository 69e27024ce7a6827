// Impact's entry in the network table. Its click is Impact's click id (irclickid), which Impact's tracking links append to the landing URL (the design card's contract, "Several networks").
// edgepost does not send to Impact yet: its clicks are captured and take part in choosing the one
// network a sale is credited to (the last click), so a sale Impact won is not reported to another
// network; the merchant's own Impact tracking reports it.
#pragma once
#include "networks/network_table.h"

namespace edgepost {

inline constexpr network impact_network{
    .name = "impact",
    .landing_parameter = "irclickid",
    .valid_click_id = is_valid_site_id,
    .read_landing = nullptr,
    .landing_cookies = nullptr,
    .status = nullptr,
    .build = nullptr,
    .auth_headers = nullptr,
    .judge = nullptr,
};

}  // namespace edgepost
