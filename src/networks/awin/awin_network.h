// Awin's entry in the network table. Its click is Awin's click reference (awc), which every Awin
// redirect appends to the landing URL (Awin's developer docs, "Conversion API": the awc is "the
// parameter Awin adds to the landing page URL to identify the source of the click").
//
// A sale Awin won goes to Awin's Conversion API (awin_request.h) with AWIN_ADVERTISER_ID and
// AWIN_API_KEY; without both, Awin is observed: its clicks still take part in choosing the one
// network a sale is credited to.
#pragma once
#include "networks/awin/awin_request.h"
#include "networks/network_table.h"

namespace edgepost {

inline constexpr network awin_network{
    .name = "awin",
    .display_name = "Awin",
    .landing_parameter = "awc",
    .valid_click_id = is_valid_site_id,
    .read_landing = nullptr,
    .landing_cookies = nullptr,
    .status = awin_status,
    .build = build_awin_request,
    .unsent_change_why = "awin takes no refund or cancellation through its Conversion API: amend or decline the "
                         "transaction in Awin while it is pending",
    .auth_headers = awin_auth_headers,
    .judge = judge_awin_response,
};

}  // namespace edgepost
