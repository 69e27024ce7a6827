#include "intake/order_intake.h"

#include "attribution/attribution_token.h"
#include "encoding/json_reader.h"
#include "encoding/json_writer.h"
#include "intake/generic_order.h"
#include "model/order_codec.h"

namespace edgepost {

void resolve_click(const config& settings, order_arrival& arrival, unix_seconds now, std::string& log) {
  const order_event& o = arrival.order;
  if (!o.attribution.empty()) {
    std::vector<click> clicks;
    const error_code e =
        verify_click_set(o.attribution, cookie_keys(settings), now,
                         settings.attribution_seconds())
            .get(clicks);
    if (e == error_code::success) {
      arrival.clicks = std::move(clicks);
      arrival.click_source = "cookie";
      return;
    }
    log = "order " + o.order_id + ": attribution cookie refused (" + std::string(error_name(e)) + ")";
  }
  if (o.explicit_click) {
    arrival.clicks = {*o.explicit_click};
    arrival.click_source = "click";
  }
}

intake_outcome accept_generic_order(const config& settings, const standard_webhook_headers& headers,
                                    std::string_view body, unix_seconds now) {
  if (settings.orders_api_secret.empty()) return refused(404, "not_found", "the orders API is switched off");
  if (!settings.is_complete())
    return refused(503, "not_configured", "edgepost is not fully configured; see /_edgepost/health");
  if (static_cast<int64_t>(body.size()) > settings.max_body_bytes)
    return refused(413, "too_large", "the body is larger than MAX_BODY_BYTES");

  switch (verify_standard_webhook(headers, body, settings.orders_api_secret, now, settings.webhook_tolerance_seconds)) {
    case error_code::success: break;
    case error_code::missing_signature:
      return refused(401, "missing_signature", "webhook-id, webhook-timestamp and webhook-signature are required");
    case error_code::stale_timestamp:
      return refused(401, "stale_timestamp", "webhook-timestamp is more than 5 minutes away from now");
    case error_code::not_configured:
      return refused(503, "not_configured", "ORDERS_API_SECRET is not a valid whsec_ secret");
    default: return refused(401, "bad_signature", "webhook-signature does not match the body");
  }

  parsed_order parsed = parse_generic_order(body);
  if (!parsed.ok()) return refused(std::move(parsed.failure));
  intake_outcome out;
  out.answer.code = "stored";
  order_arrival arrival;
  arrival.order = std::move(parsed.order);
  arrival.order.order_key = arrival.order.order_id;  // the generic API keys orders by their id
  resolve_click(settings, arrival, now, out.log);
  out.arrivals.push_back(address_arrival(arrival));
  return out;
}

}  // namespace edgepost
