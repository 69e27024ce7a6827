// Awin's entry in the network table. Its click is Awin's click reference (awc), which every Awin redirect appends to the landing URL (Awin's advertiser docs; stape-io/awin-tag stores the same parameter as its awin_awc cookie) (the design card's contract, "Several networks").
// edgepost does not send to Awin yet: its clicks are captured and take part in choosing the one
// network a sale is credited to (the last click), so a sale Awin won is not reported to another
// network; the merchant's own Awin tracking reports it.
#pragma once
#include "networks/network_table.h"

namespace edgepost {

inline constexpr network awin_network{
    .name = "awin",
    .landing_parameter = "awc",
    .valid_click_id = is_valid_site_id,
    .read_landing = nullptr,
    .landing_cookies = nullptr,
    .sends = nullptr,
    .build = nullptr,
    .auth_headers = nullptr,
    .judge = nullptr,
};

}  // namespace edgepost
