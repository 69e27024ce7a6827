#include "providers/stripe/stripe_api.h"

#include "encoding/percent_encoding.h"
#include "providers/stripe/stripe_event.h"

namespace edgepost {
namespace {

// <base><before><id><rest>limit=100[&starting_after=<after>]
std::string list_url(std::string_view base, std::string_view before, std::string_view id, std::string_view rest,
                     std::string_view after) {
  std::string url(base);
  url.append(before);
  append_uri_component(url, id);
  url.append(rest).append("limit=100");
  if (!after.empty()) {
    url += "&starting_after=";
    append_uri_component(url, after);
  }
  return url;
}

std::string line_items_url(std::string_view base, std::string_view session_id, std::string_view after) {
  return list_url(base, "/v1/checkout/sessions/", session_id, "/line_items?", after);
}

std::string refunds_url(std::string_view base, std::string_view charge_id, std::string_view after) {
  return list_url(base, "/v1/refunds?charge=", charge_id, "&", after);
}

}  // namespace

const provider_api stripe_api = {
    .key_setting = "STRIPE_API_KEY",
    .base_setting = "STRIPE_API_BASE",
    .default_base = "https://api.stripe.com",
    .authorization = bearer_authorization,
    .items_url = line_items_url,
    .read_items = read_stripe_line_items,
    .refunds_url = refunds_url,
    .read_refunds = read_stripe_refunds,
};

}  // namespace edgepost
