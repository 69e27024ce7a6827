#include "networks/awin/awin_request.h"

#include "encoding/json_writer.h"
#include "networks/http_verdict.h"
#include "networks/network_settings.h"

namespace edgepost {
namespace {

std::string_view advertiser_id(const config& settings) { return settings.setting("AWIN_ADVERTISER_ID"); }
std::string_view api_key(const config& settings) { return settings.setting("AWIN_API_KEY"); }
std::string awin_api_base(const config& settings) { return api_base(settings, "AWIN_API_BASE", "https://api.awin.com"); }

}  // namespace

network_status awin_status(const config& settings) {
  if (auto incomplete =
          status_from_settings("Awin", {{"AWIN_ADVERTISER_ID", advertiser_id(settings)}, {"AWIN_API_KEY", api_key(settings)}}))
    return *incomplete;
  if (!is_numeric_id(advertiser_id(settings)))
    return {network_state::misconfigured, "AWIN_ADVERTISER_ID must be Awin's numeric advertiser id"};
  if (!looks_like_http_url(awin_api_base(settings)))
    return {network_state::misconfigured, "AWIN_API_BASE must be an http(s) URL"};
  return {network_state::sending,
          "sales Awin won go to Awin's Conversion API for advertiser " + std::string(advertiser_id(settings))};
}

result<network_request> build_awin_request(const config& settings, const conversion& c) {
  if (c.kind == conversion_kind::reversal) return error_code::not_supported;
  micros subtotal = 0;
  if (const error_code e = subtotal_after_discount(c).get(subtotal); e != error_code::success) return e;
  network_request r;
  r.method = "POST";
  r.url = awin_api_base(settings) + "/s2s/advertiser/" + std::string(advertiser_id(settings)) + "/orders";
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

void awin_auth_headers(const config& settings, header_list& out) { out.emplace_back("x-api-key", std::string(api_key(settings))); }

attempt_judgement judge_awin_response(int status, std::string_view body, std::string_view retry_after_header) {
  return judge_http_status("Awin", status, body, retry_after_header);
}

}  // namespace edgepost
