// Awin's Conversion API (Awin's developer docs, "Conversion API"):
//   POST {AWIN_API_BASE}/s2s/advertiser/{AWIN_ADVERTISER_ID}/orders
//   x-api-key: {AWIN_API_KEY}
//   {"orders": [{"orderReference", "amount", "channel": "aw", "currency", "awc"}]}
// `amount` is the subtotal after discounts, before taxes and delivery, a decimal with a period;
// `channel` "aw" says Awin was the last click (edgepost only tells Awin of sales Awin won);
// `orderReference` is truncated by Awin at 50 characters (edgepost's ord is at most 40).
// The API takes sales only: a refund or cancellation is amended or declined in Awin's transaction
// validation while the transaction is pending, so its delivery is recorded as not sent, with why.
#pragma once
#include <string_view>

#include "networks/network_table.h"

namespace edgepost {

network_status awin_status(const config& settings);
result<network_request> build_awin_request(const config& settings, const conversion& c);
void awin_auth_headers(const config& settings, header_list& out);
// 2xx: accepted for processing. 401 and 403: the key is refused (access denied). 400 and other
// 4xx: rejected. 408, 429, 5xx, no answer: retried (Retry-After honoured).
attempt_judgement judge_awin_response(int status, std::string_view body, std::string_view retry_after_header);

}  // namespace edgepost
