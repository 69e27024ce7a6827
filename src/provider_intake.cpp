#include "provider_intake.h"

#include "generic_order.h"
#include "json_reader.h"
#include "json_writer.h"
#include "order_intake.h"
#include "percent_encoding.h"
#include "provider_signatures.h"
#include "shopify_order.h"
#include "stripe_event.h"
#include "woocommerce_order.h"

namespace edgepost {
namespace {

constexpr int max_line_item_pages = 10;  // 100 items a page; orders are capped at 1000 lines

std::string forward_target(const config& settings, std::string_view provider) {
  const std::string& path = provider == "stripe"    ? settings.stripe_forward_to
                            : provider == "shopify" ? settings.shopify_forward_to
                                                    : settings.woocommerce_forward_to;
  if (path.empty() || path.substr(0, 4) == "http") return path;
  return settings.origin + path;  // a path on the origin
}

intake_outcome address(const config& settings, std::vector<order_event> orders, std::string word,
                         std::string message, unix_seconds now) {
  intake_outcome out;
  out.word = std::move(word);
  out.message = std::move(message);
  for (auto& o : orders) {
    order_arrival arrival;
    arrival.order = std::move(o);
    std::string log;
    resolve_click(settings, arrival, now, log);
    if (!log.empty()) out.log += log + "\n";
    out.arrivals.push_back({"order:" + arrival.order.object_key, write_arrival(arrival)});
  }
  return out;
}

std::string line_items_url(const config& settings, std::string_view session_id, std::string_view after) {
  std::string url = settings.stripe_api_base + "/v1/checkout/sessions/";
  append_uri_component(url, session_id);
  url += "/line_items?limit=100";
  if (!after.empty()) {
    url += "&starting_after=";
    append_uri_component(url, after);
  }
  return url;
}

// The continuation: the paid order as read from the webhook (with its one-line fallback), the
// items fetched so far, the session and how many pages were read.
std::string write_continuation(const order_event& order, const std::vector<line_item>& fetched,
                               std::string_view session_id, int pages, std::string_view forward_to) {
  json_writer out;
  out.begin_object();
  out.key("order");
  write_generic_order(out, order);
  order_event so_far = order;
  so_far.items = fetched;
  out.key("fetched");
  write_generic_order(out, so_far);
  out.member("session", session_id).member("pages", int64_t{pages}).member("forward_to", forward_to);
  out.member("attribution", order.attribution);  // the stored form leaves the cookie out
  out.end_object();
  return out.take();
}

}  // namespace

intake_outcome accept_provider_webhook(const config& settings, std::string_view provider,
                                         const provider_headers& headers, std::string_view body, unix_seconds now) {
  if (!settings.is_complete())
    return refused(503, "not_configured", "edgepost is not fully configured; see /_edgepost/health");
  if (static_cast<int64_t>(body.size()) > settings.max_body_bytes)
    return refused(413, "too_large", "the body is larger than MAX_BODY_BYTES");

  error_code verified = error_code::bad_signature;
  if (provider == "stripe") {
    verified = verify_stripe_signature(headers.signature, body, settings.stripe_webhook_secret, now,
                                       settings.webhook_tolerance_seconds);
  } else if (provider == "shopify") {
    verified = verify_base64_body_hmac(headers.signature, body, settings.shopify_webhook_secret);
  } else if (provider == "woocommerce") {
    if (is_woocommerce_ping(body, headers.signature)) {
      intake_outcome ping = refused(200, "ping", "WooCommerce's setup ping: the webhook is reachable");
      return ping;
    }
    verified = verify_base64_body_hmac(headers.signature, body, settings.woocommerce_webhook_secret);
  } else {
    return refused(404, "not_found", "no such provider");
  }
  switch (verified) {
    case error_code::success: break;
    case error_code::missing_signature: return refused(401, "missing_signature", "the provider's signature header is missing");
    case error_code::stale_timestamp: return refused(401, "stale_timestamp", "the signature's timestamp is more than 5 minutes away from now");
    default: return refused(401, "bad_signature", "the signature does not match the body");
  }

  provider_reading reading = provider == "stripe"    ? read_stripe_event(body)
                             : provider == "shopify" ? read_shopify_webhook(headers.topic, body)
                                                     : read_woocommerce_webhook(headers.topic, body);
  const std::string forward_to = forward_target(settings, provider);
  if (reading.status >= 400) return refused(reading.status, reading.word, reading.message);
  if (reading.orders.empty()) {
    intake_outcome o = refused(200, reading.word, reading.message);
    o.forward_to = forward_to;
    return o;
  }
  if (!reading.session_id.empty() && !settings.stripe_api_key.empty()) {
    intake_outcome o;
    o.word = "fetching";
    o.fetch_url = line_items_url(settings, reading.session_id, "");
    o.fetch_authorization = "Bearer " + settings.stripe_api_key;
    o.continuation = write_continuation(reading.orders.front(), {}, reading.session_id, 0, forward_to);
    return o;
  }
  intake_outcome o = address(settings, std::move(reading.orders), reading.word, "stored", now);
  o.forward_to = forward_to;
  return o;
}

intake_outcome continue_provider_webhook(const config& settings, std::string_view continuation, int status,
                                           std::string_view body, unix_seconds now) {
  json_document doc;
  const auto root = doc.parse(continuation) ? as_object(doc.root()) : std::nullopt;
  const auto order_element = root ? field(*root, "order") : std::nullopt;
  const auto fetched_element = root ? field(*root, "fetched") : std::nullopt;
  if (!order_element || !fetched_element) return refused(500, "bad_continuation", "the continuation could not be read");
  parsed_order order = parse_generic_order(*order_element);
  parsed_order fetched = parse_generic_order(*fetched_element);
  if (order.failure.code != error_code::success) return refused(500, "bad_continuation", order.failure.message);
  std::vector<line_item> items = fetched.order.items;  // fetched.failure is "items must not be empty" at first
  const std::string session(string_field(*root, "session").value_or(""));
  const int pages = static_cast<int>(integer_field(*root, "pages").value_or(0)) + 1;
  const std::string forward_to(string_field(*root, "forward_to").value_or(""));
  order.order.attribution = std::string(string_field(*root, "attribution").value_or(""));

  std::string log;
  stripe_line_items_page page;
  if (status >= 200 && status < 300) page = read_stripe_line_items(body, order.order.currency, items);
  if (page.ok && page.has_more && pages < max_line_item_pages && items.size() < max_line_items) {
    intake_outcome o;
    o.word = "fetching";
    o.fetch_url = line_items_url(settings, session, page.last_id);
    o.fetch_authorization = "Bearer " + settings.stripe_api_key;
    o.continuation = write_continuation(order.order, items, session, pages, forward_to);
    return o;
  }
  if (!page.ok || items.empty()) {
    // The order is recorded with its one-line total rather than lost; the log says why.
    log = "Stripe line items for " + session + " could not be read (HTTP " + std::to_string(status) +
          "); the order is sent as one line";
  } else {
    order.order.items = std::move(items);
  }
  std::vector<order_event> orders{std::move(order.order)};
  intake_outcome o = address(settings, std::move(orders), "paid", "stored", now);
  o.forward_to = forward_to;
  o.log = log + o.log;
  return o;
}

}  // namespace edgepost
