#include "networks/awin/awin_request.h"

#include "encoding/json_writer.h"
#include "networks/http_verdict.h"
#include "networks/network_settings.h"

namespace edgepost {

network_status awin_status(const config& settings) {
  if (auto incomplete = status_from_settings(
          "Awin", {{"AWIN_ADVERTISER_ID", settings.awin_advertiser_id}, {"AWIN_API_KEY", settings.awin_api_key}}))
    return *incomplete;
  if (!is_numeric_id(settings.awin_advertiser_id))
    return {network_state::misconfigured, "AWIN_ADVERTISER_ID must be Awin's numeric advertiser id"};
  if (!looks_like_http_url(settings.awin_api_base)) return {network_state::misconfigured, "AWIN_API_BASE must be an http(s) URL"};
  return {network_state::sending, "sales Awin won go to Awin's Conversion API for advertiser " + settings.awin_advertiser_id};
}

result<network_request> build_awin_request(const config& settings, const conversion& c) {
  if (c.kind == conversion_kind::reversal) return error_code::not_supported;
  micros subtotal = 0;
  if (const error_code e = subtotal_after_discount(c).get(subtotal); e != error_code::success) return e;
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
