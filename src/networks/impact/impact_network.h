// Impact's entry in the network table. Its click is Impact's click id (irclickid), which Impact's
// tracking links append to the landing URL (the design card's contract, "Several networks"). A sale
// Impact won goes to Impact's Conversions API (impact_request.h) with the four IMPACT_… settings;
// without them, Impact is observed: its clicks still take part in choosing the one network a sale is
// credited to.
#pragma once
#include "networks/impact/impact_request.h"
#include "networks/network_table.h"

namespace edgepost {

inline constexpr network impact_network{
    .name = "impact",
    .display_name = "Impact",
    .landing_parameter = "irclickid",
    .valid_click_id = is_valid_site_id,
    .read_landing = nullptr,
    .landing_cookies = nullptr,
    .status = impact_status,
    .build = build_impact_request,
    .unsent_change_why = "impact changes part of an action item by item, and edgepost sends Impact only whole "
                         "reversals: modify the action's items in Impact",
    .auth_headers = impact_auth_headers,
    .judge = judge_impact_response,
};

}  // namespace edgepost
