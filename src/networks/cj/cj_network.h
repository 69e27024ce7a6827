// CJ's entry in the network table. Its click is CJ's event id (cjevent), which CJ's affiliate links
// append to the landing URL (CJ's developer docs, "Advertiser API Tracking": cjEvent is "the CJ
// click id").
//
// A sale CJ won goes to CJ's Tracking API (cj_request.h) with CJ_ENTERPRISE_ID, CJ_ACTION_TRACKER_ID
// and CJ_API_TOKEN; without them, CJ is observed: its clicks still take part in choosing the one
// network a sale is credited to, and the merchant's own CJ tracking reports the sale.
#pragma once
#include "networks/cj/cj_request.h"
#include "networks/network_table.h"

namespace edgepost {

inline constexpr network cj_network{
    .name = "cj",
    .display_name = "CJ",
    .landing_parameter = "cjevent",
    .valid_click_id = is_valid_site_id,
    .read_landing = nullptr,
    .landing_cookies = nullptr,
    .status = cj_status,
    .build = build_cj_request,
    .auth_headers = cj_auth_headers,
    .judge = judge_cj_response,
};

}  // namespace edgepost
