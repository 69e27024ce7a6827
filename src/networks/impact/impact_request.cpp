#include "networks/impact/impact_request.h"

#include "encoding/base64.h"
#include "encoding/json_writer.h"
#include "encoding/percent_encoding.h"
#include "networks/http_verdict.h"
#include "networks/network_settings.h"

namespace edgepost {
namespace {

std::string_view account_sid(const config& settings) { return settings.setting("IMPACT_ACCOUNT_SID"); }
std::string_view auth_token(const config& settings) { return settings.setting("IMPACT_AUTH_TOKEN"); }
std::string_view campaign_id(const config& settings) { return settings.setting("IMPACT_CAMPAIGN_ID"); }
std::string_view event_type_id(const config& settings) { return settings.setting("IMPACT_EVENT_TYPE_ID"); }
std::string impact_api_base(const config& settings) {
  return api_base(settings, "IMPACT_API_BASE", "https://api.impact.com");
}

}  // namespace

network_status impact_status(const config& settings) {
  if (auto incomplete = status_from_settings("Impact", {{"IMPACT_ACCOUNT_SID", account_sid(settings)},
                                                        {"IMPACT_AUTH_TOKEN", auth_token(settings)},
                                                        {"IMPACT_CAMPAIGN_ID", campaign_id(settings)},
                                                        {"IMPACT_EVENT_TYPE_ID", event_type_id(settings)}}))
    return *incomplete;
  if (!is_numeric_id(campaign_id(settings)) || !is_numeric_id(event_type_id(settings)))
    return {network_state::misconfigured, "IMPACT_CAMPAIGN_ID and IMPACT_EVENT_TYPE_ID must be Impact's numeric ids"};
  if (!is_valid_site_id(account_sid(settings)))
    return {network_state::misconfigured, "IMPACT_ACCOUNT_SID must be the account SID from Impact's API settings"};
  if (!looks_like_http_url(impact_api_base(settings))) return {network_state::misconfigured, "IMPACT_API_BASE must be an http(s) URL"};
  return {network_state::sending, "sales Impact won go to Impact's Conversions API for campaign " + std::string(campaign_id(settings))};
}

result<network_request> build_impact_request(const config& settings, const conversion& c) {
  if (c.kind == conversion_kind::reversal) {
    if (!c.reverses_all) return error_code::not_supported;
    network_request r;
    r.method = "DELETE";
    r.url = impact_api_base(settings) + "/Advertisers/" + std::string(account_sid(settings)) + "/Actions";
    r.content_type = "application/x-www-form-urlencoded";
    // The action is named by its event type (Impact's action tracker) and the order id it was sent with.
    r.body = "ActionTrackerId=" + std::string(event_type_id(settings)) + "&OrderId=" + encode_uri_component(c.order_id) +
             "&DispositionCode=" + (c.cancellation ? "REJECTED" : "ITEM_RETURNED");
    return r;
  }
  micros subtotal = 0;  // checks every line fits before any is written
  if (const error_code e = subtotal_after_discount(c).get(subtotal); e != error_code::success) return e;
  network_request r;
  r.method = "POST";
  r.url = impact_api_base(settings) + "/Advertisers/" + std::string(account_sid(settings)) + "/Conversions";
  r.content_type = "application/json";
  json_writer body;
  body.begin_object();
  // Ids and amounts are written as the decimal text they are: no floating point touches them.
  body.key("CampaignId").raw(campaign_id(settings)).key("EventTypeId").raw(event_type_id(settings));
  body.member("OrderId", c.order_id).member("EventDate", format_rfc3339(c.date));
  body.member("ClickId", c.attributed_click.site_id).member("CurrencyCode", c.currency);
  for (size_t i = 0; i < c.items.size(); ++i) {
    const auto& item = c.items[i];
    const std::string n = std::to_string(i + 1);
    body.member("ItemSku" + n, item.sku).member("ItemName" + n, item.name);
    body.member("ItemQuantity" + n, item.quantity).key("ItemPrice" + n).raw(format_decimal_amount(item.unit_price));
  }
  if (c.discount != 0) body.key("OrderDiscount").raw(format_decimal_amount(c.discount));
  body.end_object();
  r.body = body.take();
  return r;
}

void impact_auth_headers(const config& settings, header_list& out) {
  out.emplace_back("authorization", "Basic " + base64_encode(std::string(account_sid(settings)) + ":" + std::string(auth_token(settings)),
                                                             base64_alphabet::standard));
  out.emplace_back("accept", "application/json");
}

attempt_judgement judge_impact_response(int status, std::string_view body, std::string_view retry_after_header) {
  return judge_http_status("Impact", status, body, retry_after_header);
}

}  // namespace edgepost
