// Impact's Conversions API, as Impact's Brand API reference describes it and stape-io's Impact tag
// sends it:
//   POST {IMPACT_API_BASE}/Advertisers/{IMPACT_ACCOUNT_SID}/Conversions
//   Authorization: Basic base64(<account SID>:<auth token>), Content-Type: application/json
//   {"CampaignId", "EventTypeId", "OrderId", "EventDate" (ISO 8601), "ClickId", "CurrencyCode",
//    "ItemSku<i>", "ItemName<i>", "ItemQuantity<i>", "ItemPrice<i>" (unit price), "OrderDiscount"}
// Processing is asynchronous: a 2xx is "accepted for processing". Refunds and cancellations are
// action modifications in Impact, which this version does not send: their deliveries are recorded
// as not sent, with why, and the merchant changes the action in Impact.
#pragma once
#include <string_view>

#include "networks/network_table.h"

namespace edgepost {

network_status impact_status(const config& settings);
result<network_request> build_impact_request(const config& settings, const conversion& c);
void impact_auth_headers(const config& settings, header_list& out);
attempt_judgement judge_impact_response(int status, std::string_view body, std::string_view retry_after_header);

}  // namespace edgepost
