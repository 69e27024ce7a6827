// CJ's entry in the network table. Its click is CJ's event id (cjevent), which CJ's affiliate links
// append to the landing URL (the design card's contract, "Several networks"). edgepost does not send
// to CJ yet: its clicks are captured and take part in choosing the one network a sale is credited to
// (the last click), so a sale CJ won is not reported to another network; the merchant's own CJ
// tracking reports it.
#pragma once
#include "networks/network_table.h"

namespace edgepost {

inline constexpr network cj_network{
    .name = "cj",
    .landing_parameter = "cjevent",
    .valid_click_id = is_valid_site_id,
    .read_landing = nullptr,
    .landing_cookies = nullptr,
    .status = nullptr,
    .build = nullptr,
    .auth_headers = nullptr,
    .judge = nullptr,
};

}  // namespace edgepost
