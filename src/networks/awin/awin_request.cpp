#include "networks/awin/awin_request.h"

#include "encoding/json_writer.h"
#include "networks/http_verdict.h"

namespace edgepost {
namespace {

bool is_numeric(std::string_view s) {
  if (s.empty() || s.size() > 12) return false;
  for (char c : s)
    if (c < '0' || c > '9') return false;
  return true;
}

}  // namespace

network_status awin_status(const config& settings) {
  const bool id = !settings.awin_advertiser_id.empty(), key = !settings.awin_api_key.empty();
  if (!id && !key)
    return {network_state::observing, "AWIN_ADVERTISER_ID and AWIN_API_KEY are not set: Awin's clicks are captured, nothing is sent"};
  if (!id || !key)
    return {network_state::misconfigured, std::string(id ? "AWIN_API_KEY" : "AWIN_ADVERTISER_ID") +
                                              " is not set: both are needed to send to Awin's Conversion API"};
  if (!is_numeric(settings.awin_advertiser_id))
    return {network_state::misconfigured, "AWIN_ADVERTISER_ID must be Awin's numeric advertiser id"};
  if (settings.awin_api_base.substr(0, 8) != "https://" && settings.awin_api_base.substr(0, 7) != "http://")
    return {network_state::misconfigured, "AWIN_API_BASE must be an http(s) URL"};
  return {network_state::sending, "sales Awin won go to Awin's Conversion API for advertiser " + settings.awin_advertiser_id};
}

result<network_request> build_awin_request(const config& settings, const conversion& c) {
  if (c.kind == conversion_kind::reversal) return error_code::not_supported;
  micros subtotal = 0;
  for (const auto& item : c.items) {
    micros line = 0;
    if (multiply_amount(item.unit_price, item.quantity).get(line) != error_code::success ||
        __builtin_add_overflow(subtotal, line, &subtotal))
      return error_code::amount_out_of_range;
  }
  if (__builtin_sub_overflow(subtotal, c.discount, &subtotal)) return error_code::amount_out_of_range;
  network_request r;
  r.method = "POST";
  r.url = settings.awin_api_base + "/s2s/advertiser/" + settings.awin_advertiser_id + "/orders";
  r.content_type = "application/json";
  json_writer body;
  body.begin_object().key("orders").begin_array().begin_object();
  body.member("orderReference", c.order_id);
  // A decimal written as text from integer micro-units: no floating point touches the amount.
  body.key("amount").raw(format_decimal_amount(subtotal));
  body.member("channel", "aw").member("currency", c.currency).member("awc", c.attributed_click.site_id);
  body.end_object().end_array().end_object();
  r.body = body.take();
  return r;
}

void awin_auth_headers(const config& settings, header_list& out) { out.emplace_back("x-api-key", settings.awin_api_key); }

attempt_judgement judge_awin_response(int status, std::string_view body, std::string_view retry_after_header) {
  return judge_http_status("Awin", status, body, retry_after_header);
}

}  // namespace edgepost
