// Impact's Conversions API, as Impact's Brand API reference describes it and stape-io's Impact tag
// sends it:
//   POST {IMPACT_API_BASE}/Advertisers/{IMPACT_ACCOUNT_SID}/Conversions
//   Authorization: Basic base64(<account SID>:<auth token>), Content-Type: application/json
//   {"CampaignId", "EventTypeId", "OrderId", "EventDate" (ISO 8601), "ClickId", "CurrencyCode",
//    "ItemSku<i>", "ItemName<i>", "ItemQuantity<i>", "ItemPrice<i>" (unit price), "OrderDiscount"}
// Processing is asynchronous: a 2xx is "accepted for processing".
// A cancellation, or a refund that takes back the whole sale, reverses the action (Impact's Brand
// API reference, "Reverse an action"):
//   DELETE {IMPACT_API_BASE}/Advertisers/{IMPACT_ACCOUNT_SID}/Actions, form-encoded
//   ActionTrackerId={IMPACT_EVENT_TYPE_ID}&OrderId={ord}&DispositionCode=ITEM_RETURNED (a refund) or
//   REJECTED (a cancellation, Impact's general code)
// A partial refund would be an item-level update ("Update an item in an action": one SKU's new
// quantity per call), which one delivery cannot carry for a refund of several lines or of an amount
// alone: it is recorded as not sent, with why, and the merchant modifies the action in Impact.
#pragma once
#include <string_view>

#include "networks/network_table.h"

namespace edgepost {

network_status impact_status(const config& settings);
result<network_request> build_impact_request(const config& settings, const conversion& c);
void impact_auth_headers(const config& settings, header_list& out);
attempt_judgement judge_impact_response(int status, std::string_view body, std::string_view retry_after_header);

}  // namespace edgepost
