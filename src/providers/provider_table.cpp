#include "providers/provider_table.h"

#include <algorithm>

#include "attribution/join_keys.h"
#include "attribution/reference_token.h"
#include "encoding/json_writer.h"
#include "model/order_shard.h"
#include "providers/adyen/adyen_notification.h"
#include "providers/paddle/paddle_event.h"
#include "providers/provider_signatures.h"
#include "providers/response_joins.h"
#include "providers/shopify/shopify_order.h"
#include "providers/square/square_api.h"
#include "providers/square/square_event.h"
#include "providers/stripe/stripe_api.h"
#include "providers/stripe/stripe_event.h"
#include "providers/woocommerce/woocommerce_order.h"

namespace edgepost {
namespace {

error_code verify_stripe(const webhook_signature& s) {
  return verify_stripe_signature(s.header, s.body, s.secret, s.now, s.tolerance_seconds);
}

error_code verify_body_hmac(const webhook_signature& s) { return verify_base64_body_hmac(s.header, s.body, s.secret); }

provider_reading read_stripe(std::string_view, std::string_view body) { return read_stripe_event(body); }

error_code verify_paddle(const webhook_signature& s) {
  return verify_paddle_signature(s.header, s.body, s.secret, s.now, s.tolerance_seconds);
}

provider_reading read_paddle(std::string_view, std::string_view body) { return read_paddle_event(body); }

error_code verify_square(const webhook_signature& s) { return verify_square_signature(s.header, s.url, s.body, s.secret); }

provider_reading read_square(std::string_view, std::string_view body) { return read_square_event(body); }

// Adyen signs each item of the body, not the request: there is no signature header.
error_code verify_adyen(const webhook_signature& s) { return verify_adyen_notification(s.body, s.secret); }

provider_reading read_adyen(std::string_view, std::string_view body) { return read_adyen_notification(body); }

// In this order the join keys of one request are listed.
constexpr provider table[] = {
    {
        .name = "stripe",
        .secret_setting = "STRIPE_WEBHOOK_SECRET",
        .forward_setting = "STRIPE_FORWARD_TO",
        .signature_header = "stripe-signature",
        .topic_header = "",
        .verify = verify_stripe,
        .is_setup_ping = nullptr,
        .read = read_stripe,
        .accepted_body = "",
        .api = &stripe_api,
        .request_join_keys = stripe_request_join_keys,
        .response_join_keys = stripe_response_join_keys,
        .join_key_name = "stripe_session",
        .tagging = click_tagging::link_parameter,
        .tagging_field = "client_reference_id",
        // Stripe Payment Links are served from this host (docs.stripe.com/payment-links/url-parameters).
        .tagging_selector = "a[href^=\"https://buy.stripe.com/\"]",
        .tagging_value = nullptr,
    },
    {
        .name = "woocommerce",
        .secret_setting = "WOOCOMMERCE_WEBHOOK_SECRET",
        .forward_setting = "WOOCOMMERCE_FORWARD_TO",
        .signature_header = "x-wc-webhook-signature",
        .topic_header = "x-wc-webhook-topic",
        .verify = verify_body_hmac,
        .is_setup_ping = is_woocommerce_ping,
        .read = read_woocommerce_webhook,
        .accepted_body = "",
        .api = nullptr,
        .request_join_keys = woocommerce_request_join_keys,
        .response_join_keys = woocommerce_response_join_keys,
        .join_key_name = "woocommerce_order",
        .tagging = click_tagging::none,
        .tagging_field = "",
        .tagging_selector = "",
        .tagging_value = nullptr,
    },
    {
        .name = "shopify",
        .secret_setting = "SHOPIFY_WEBHOOK_SECRET",
        .forward_setting = "SHOPIFY_FORWARD_TO",
        .signature_header = "x-shopify-hmac-sha256",
        .topic_header = "x-shopify-topic",
        .verify = verify_body_hmac,
        .is_setup_ping = nullptr,
        .read = read_shopify_webhook,
        .accepted_body = "",
        .api = nullptr,
        .request_join_keys = shopify_request_join_keys,
        .response_join_keys = nullptr,
        .join_key_name = "shopify_cart",
        .tagging = click_tagging::hidden_input,
        .tagging_field = shopify_cart_attribute_field,
        // Shopify's cart forms post to /cart/add (shopify.dev, "Cart API"); attributes travel with them.
        .tagging_selector = "form[action^=\"/cart\"]",
        .tagging_value = nullptr,
    },
    {
        .name = "paddle",
        .secret_setting = "PADDLE_WEBHOOK_SECRET",
        .forward_setting = "PADDLE_FORWARD_TO",
        .signature_header = "paddle-signature",
        .topic_header = "",
        .verify = verify_paddle,
        .is_setup_ping = nullptr,
        .read = read_paddle,
        .accepted_body = "",
        .api = nullptr,
        .request_join_keys = nullptr,
        .response_join_keys = nullptr,
        .join_key_name = "",
        .tagging = click_tagging::data_attribute,
        .tagging_field = "data-custom-data",
        // Paddle.js opens a checkout for elements of this class and sends their data-custom-data as
        // the transaction's custom_data (developer.paddle.com, "HTML data attributes").
        .tagging_selector = ".paddle_button",
        .tagging_value = paddle_custom_data,
    },
    {
        .name = "square",
        .secret_setting = "SQUARE_SIGNATURE_KEY",
        .forward_setting = "SQUARE_FORWARD_TO",
        .signature_header = "x-square-hmacsha256-signature",
        .topic_header = "",
        .verify = verify_square,
        .is_setup_ping = nullptr,
        .read = read_square,
        .accepted_body = "",
        .api = &square_api,
        .request_join_keys = nullptr,
        .response_join_keys = nullptr,
        .join_key_name = "",
        .tagging = click_tagging::none,
        .tagging_field = "",
        .tagging_selector = "",
        .tagging_value = nullptr,
    },
    {
        .name = "adyen",
        .secret_setting = "ADYEN_HMAC_KEY",
        .forward_setting = "ADYEN_FORWARD_TO",
        .signature_header = "",
        .topic_header = "",
        .verify = verify_adyen,
        .is_setup_ping = nullptr,
        .read = read_adyen,
        // Adyen counts a notification as delivered only when this is the answer's body.
        .accepted_body = "[accepted]",
        .api = nullptr,
        .request_join_keys = nullptr,
        .response_join_keys = nullptr,
        .join_key_name = "",
        .tagging = click_tagging::none,
        .tagging_field = "",
        .tagging_selector = "",
        .tagging_value = nullptr,
    },
};

}  // namespace

std::span<const provider> providers() { return table; }

const provider_api* usable_api(const provider& p, const config& settings) {
  return p.api && !api_key(*p.api, settings).empty() ? p.api : nullptr;
}

const provider* find_provider(std::string_view name) {
  for (const provider& p : table)
    if (p.name == name) return &p;
  return nullptr;
}

std::string_view webhook_secret(const provider& p, const config& settings) { return settings.setting(p.secret_setting); }

bool is_enabled(const provider& p, const config& settings) { return !webhook_secret(p, settings).empty(); }

void write_provider_states(json_writer& out, const config& settings) {
  out.begin_object().member("orders", !settings.orders_api_secret.empty());  // the generic orders API
  for (const auto& p : table) out.member(p.name, is_enabled(p, settings));
  out.end_object();
}

bool any_provider_enabled(const config& settings) {
  return std::any_of(std::begin(table), std::end(table), [&](const provider& p) { return is_enabled(p, settings); });
}

std::string forward_target(const provider& p, const config& settings) {
  const std::string_view path = settings.setting(p.forward_setting);
  if (path.empty() || path.substr(0, 4) == "http") return std::string(path);
  return settings.origin + std::string(path);  // a path on the origin
}

bool is_provider_join_key(std::string_view key) {
  const size_t colon = key.find(':');
  if (colon == std::string_view::npos) return false;
  for (const auto& p : table)
    if (!p.join_key_name.empty() && key.substr(0, colon) == p.join_key_name) return true;
  return false;
}

std::optional<int64_t> join_key_window_after_order(std::string_view key, const config& settings) {
  if (!is_provider_join_key(key)) return std::nullopt;
  return settings.join_grace_seconds;
}

std::vector<std::string> provider_request_join_keys(const config& settings, std::string_view path,
                                                    std::string_view query, std::string_view cookie_header) {
  std::vector<std::string> keys;
  for (const provider& p : table)
    if (p.request_join_keys && is_enabled(p, settings)) p.request_join_keys(path, query, cookie_header, keys);
  cap_join_keys(keys);
  return keys;
}

std::vector<std::string> response_join_keys(const config& settings, std::string_view location,
                                            std::string_view body) {
  std::vector<std::string> keys;
  for (std::string_view text : {location, body}) {
    if (text.empty()) continue;
    for (const provider& p : table)
      if (p.response_join_keys && is_enabled(p, settings)) p.response_join_keys(text, keys);
  }
  cap_join_keys(keys);
  return keys;
}

bool watches_responses(const config& settings) {
  return std::any_of(std::begin(table), std::end(table),
                     [&](const provider& p) { return p.response_join_keys && is_enabled(p, settings); });
}

std::string_view tagging_name(click_tagging how) {
  switch (how) {
    case click_tagging::link_parameter: return "link_parameter";
    case click_tagging::hidden_input: return "hidden_input";
    case click_tagging::data_attribute: return "data_attribute";
    case click_tagging::none: break;
  }
  return "none";
}

std::vector<page_tag> page_tags(const config& settings, std::string_view cookie_token) {
  std::vector<page_tag> tags;
  std::string reference;  // made once, and only for a page some provider tags
  for (const provider& p : table) {
    if (p.tagging == click_tagging::none || !is_enabled(p, settings)) continue;
    if (reference.empty()) reference = reference_from_attribution_token(cookie_token);
    // A cookie too long for a reference (several networks' clicks with long ids) tags nothing.
    if (reference.empty()) return {};
    tags.push_back({p.tagging, p.tagging_selector, p.tagging_field,
                    p.tagging_value ? p.tagging_value(reference) : reference});
  }
  return tags;
}

core_answer answer_response_joins(const config& settings, std::string_view location, std::string_view body) {
  const std::vector<std::string> keys = response_join_keys(settings, location, body);
  json_writer out;
  out.begin_array();
  for (const auto& k : keys) write_addressed_key(out, k);
  out.end_array();
  return {static_cast<int32_t>(keys.size()), out.take()};
}

}  // namespace edgepost
