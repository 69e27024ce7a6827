// CJ's advertiser Tracking API, a GraphQL API (CJ's developer docs, "Advertiser API Tracking: API
// Overview"; the schema its endpoint publishes by introspection):
//   POST {CJ_API_BASE}/graphql
//   Authorization: Bearer {CJ_API_TOKEN} (a personal access token), Content-Type: application/json
//   {"query": "mutation(…) { createOrders(newOrders: $orders) { orders {…} errors {…} } }",
//    "variables": {"orders": [{"enterpriseId", "actionTrackerId", "orderId", "eventTime", "cjEvent",
//                              "amount", "discount", "currency", "items": [{"sku", "unitPrice",
//                              "quantity"}]}]}}
// CJ keys an order by orderId + actionTrackerId + enterpriseId and applies the programme's
// duplicate-order rule to a repeat, so a retried create is not a second sale.
// A refund that leaves part of the sale is restateOrders: it replaces the whole order with what is
// sent, so edgepost sends the sale's lines with its discount grown by everything refunded so far and
// the amount that remains. A cancellation, or a refund of everything, is cancelOrders with a
// correction reason (ReturnedMerchandise for a refund, Other for a cancellation) and no status, which
// CJ processes for every kind of action tracker.
// CJ takes at most 100 items per order: past 99, the rest are sent as one merged line.
// Answers: the mutation's own `errors` inside a 200, and GraphQL's top-level `errors` (schema and
// authorisation), both mean CJ refused it; CJ processes the orders it took within the hour.
#pragma once
#include <string_view>

#include "networks/network_table.h"

namespace edgepost {

constexpr size_t cj_max_items = 100;

network_status cj_status(const config& settings);
result<network_request> build_cj_request(const config& settings, const conversion& c);
void cj_auth_headers(const config& settings, header_list& out);
// Non-2xx answers are judged by their status (http_verdict.h); a 2xx by its GraphQL body: the
// mutation's orders without errors are accepted for processing, errors (top-level or the
// mutation's own) are a refusal, one that names authentication or authorisation an access denial.
attempt_judgement judge_cj_response(int status, std::string_view body, std::string_view retry_after_header);

}  // namespace edgepost
