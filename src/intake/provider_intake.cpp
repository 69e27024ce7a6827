#include "intake/provider_intake.h"

#include <algorithm>

#include "encoding/json_reader.h"
#include "encoding/json_writer.h"
#include "encoding/percent_encoding.h"
#include "intake/order_intake.h"
#include "intake/provider_order_limits.h"
#include "model/order_codec.h"
#include "providers/provider_table.h"
#include "providers/stripe_event.h"

namespace edgepost {
namespace {

constexpr int max_line_item_pages = 10;  // 100 items a page; orders are capped at 1000 lines

intake_outcome address(const config& settings, std::vector<order_event> orders, std::string word,
                         std::string message, unix_seconds now) {
  intake_outcome out;
  out.answer.code = std::move(word);
  out.answer.message = std::move(message);
  // Every order of the webhook fits, or none is stored.
  for (auto& o : orders)
    if (reply fitted = fit_provider_order(o); fitted.is_refusal()) return refused(std::move(fitted));
  for (auto& o : orders) {
    order_arrival arrival;
    arrival.order = std::move(o);
    std::string log;
    resolve_click(settings, arrival, now, log);
    if (!log.empty()) out.log += log + "\n";
    out.arrivals.push_back(address_arrival(arrival));
  }
  return out;
}

// A page of one of Stripe's lists, 100 entries at a time, after the entry `after` (docs.stripe.com/api/pagination):
// <base><before><id><rest>limit=100[&starting_after=<after>]
std::string stripe_list_url(const config& settings, std::string_view before, std::string_view id, std::string_view rest,
                            std::string_view after) {
  std::string url = settings.stripe_api_base;
  url.append(before);
  append_uri_component(url, id);
  url.append(rest).append("limit=100");
  if (!after.empty()) {
    url += "&starting_after=";
    append_uri_component(url, after);
  }
  return url;
}

std::string line_items_url(const config& settings, std::string_view session_id, std::string_view after) {
  return stripe_list_url(settings, "/v1/checkout/sessions/", session_id, "/line_items?", after);
}

std::string refunds_url(const config& settings, std::string_view charge_id, std::string_view after) {
  return stripe_list_url(settings, "/v1/refunds?charge=", charge_id, "&", after);
}

// The continuation of a charge.refunded whose refunds are being listed: the charge, the refunds
// read so far, how many pages were read.
std::string write_refunds_continuation(std::string_view charge_id, const std::vector<order_event>& refunds, int pages,
                                       std::string_view forward_to) {
  json_writer out;
  out.begin_object().member("kind", "refunds").member("charge", charge_id);
  out.key("refunds").begin_array();
  for (const auto& r : refunds) write_order_event(out, r);
  out.end_array();
  out.member("pages", int64_t{pages}).member("forward_to", forward_to);
  out.end_object();
  return out.take();
}

intake_outcome fetch_refunds(const config& settings, std::string_view charge_id, std::string_view after,
                             const std::vector<order_event>& refunds, int pages, std::string_view forward_to) {
  intake_outcome o;
  o.answer.code = "fetching";
  o.fetch_url = refunds_url(settings, charge_id, after);
  o.fetch_authorization = "Bearer " + settings.stripe_api_key;
  o.continuation = write_refunds_continuation(charge_id, refunds, pages, forward_to);
  return o;
}

// A page of the charge's refunds came back: ask for the next, or store every refund read.
intake_outcome continue_refunds(const config& settings, json_object root, int status, std::string_view body,
                                unix_seconds now) {
  const std::string charge(string_field(root, "charge").value_or(""));
  const std::string forward_to(string_field(root, "forward_to").value_or(""));
  const int pages =
      static_cast<int>(std::clamp<int64_t>(integer_field(root, "pages").value_or(0), 0, max_line_item_pages)) + 1;
  std::vector<order_event> refunds;
  if (const auto list_element = field(root, "refunds"))
    if (const auto list = as_array(*list_element))
      for (json_element e : *list) {
        order_event r;
        if (read_order_event(e).get(r) != error_code::success)
          return refused(500, "bad_continuation", "the continuation's refunds could not be read");
        refunds.push_back(std::move(r));
      }
  stripe_list_page page;
  if (status >= 200 && status < 300) page = read_stripe_refunds(body, now, refunds);
  if (!page.ok)
    // Nothing is stored and Stripe is told to send the event again, which it does for days.
    return refused(502, "provider_api_failed",
                   "Stripe's list of the charge's refunds could not be read (HTTP " + std::to_string(status) +
                       "); Stripe will send the event again");
  if (page.has_more && pages < max_line_item_pages) return fetch_refunds(settings, charge, page.last_id, refunds, pages, forward_to);
  if (refunds.empty()) {
    intake_outcome o = refused(200, "ignored", "the charge has no succeeded refund yet");
    o.forward_to = forward_to;
    return o;
  }
  intake_outcome o = address(settings, std::move(refunds), "refunded", "stored", now);
  o.forward_to = forward_to;
  return o;
}

// The continuation: the paid order as read from the webhook (with its one-line fallback), the
// items fetched so far, the session and how many pages were read.
std::string write_continuation(const order_event& order, const std::vector<line_item>& fetched,
                               std::string_view session_id, int pages, std::string_view forward_to) {
  json_writer out;
  out.begin_object();
  out.key("order");
  write_order_event(out, order);
  order_event so_far = order;
  so_far.items = fetched;
  out.key("fetched");
  write_order_event(out, so_far);
  out.member("session", session_id).member("pages", int64_t{pages}).member("forward_to", forward_to);
  out.member("attribution", order.attribution);  // the stored form leaves the cookie out
  out.end_object();
  return out.take();
}

}  // namespace

intake_outcome accept_provider_webhook(const config& settings, std::string_view provider_name,
                                         const provider_headers& headers, std::string_view body, unix_seconds now) {
  if (!settings.is_complete())
    return refused(503, "not_configured", "edgepost is not fully configured; see /_edgepost/health");
  if (static_cast<int64_t>(body.size()) > settings.max_body_bytes)
    return refused(413, "too_large", "the body is larger than MAX_BODY_BYTES");

  const provider* p = find_provider(provider_name);
  if (!p || !is_enabled(*p, settings)) return refused(404, "not_found", "no such provider");
  if (p->is_setup_ping && p->is_setup_ping(body, headers.signature))
    return refused(200, "ping", "the provider's setup ping: the webhook is reachable");
  const error_code verified =
      p->verify({headers.signature, body, settings.*p->secret, now, settings.webhook_tolerance_seconds});
  switch (verified) {
    case error_code::success: break;
    case error_code::missing_signature: return refused(401, "missing_signature", "the provider's signature header is missing");
    case error_code::stale_timestamp: return refused(401, "stale_timestamp", "the signature's timestamp is more than 5 minutes away from now");
    default: return refused(401, "bad_signature", "the signature does not match the body");
  }

  provider_reading reading = p->read(headers.topic, body);
  const std::string forward_to = forward_target(*p, settings);
  if (reading.answer.is_refusal()) return refused(std::move(reading.answer));
  if (reading.orders.empty() && !reading.refunded_charge_id.empty() && !settings.stripe_api_key.empty())
    return fetch_refunds(settings, reading.refunded_charge_id, "", {}, 0, forward_to);
  if (reading.orders.empty()) {
    intake_outcome o = refused(std::move(reading.answer));
    o.forward_to = forward_to;
    return o;
  }
  if (!reading.session_id.empty() && !settings.stripe_api_key.empty()) {
    intake_outcome o;
    o.answer.code = "fetching";
    o.fetch_url = line_items_url(settings, reading.session_id, "");
    o.fetch_authorization = "Bearer " + settings.stripe_api_key;
    o.continuation = write_continuation(reading.orders.front(), {}, reading.session_id, 0, forward_to);
    return o;
  }
  intake_outcome o = address(settings, std::move(reading.orders), reading.answer.code, "stored", now);
  o.forward_to = forward_to;
  return o;
}

intake_outcome continue_provider_webhook(const config& settings, std::string_view continuation, int status,
                                           std::string_view body, unix_seconds now) {
  json_document doc;
  const auto root = doc.parse(continuation) ? as_object(doc.root()) : std::nullopt;
  if (root && string_field(*root, "kind") == std::optional<std::string_view>("refunds"))
    return continue_refunds(settings, *root, status, body, now);
  const auto order_element = root ? field(*root, "order") : std::nullopt;
  const auto fetched_element = root ? field(*root, "fetched") : std::nullopt;
  if (!order_element || !fetched_element) return refused(500, "bad_continuation", "the continuation could not be read");
  order_event order;
  order_event fetched;
  if (read_order_event(*order_element).get(order) != error_code::success ||
      read_order_event(*fetched_element).get(fetched) != error_code::success)
    return refused(500, "bad_continuation", "the continuation's order could not be read");
  std::vector<line_item> items = std::move(fetched.items);
  const std::string session(string_field(*root, "session").value_or(""));
  const int pages = static_cast<int>(std::clamp<int64_t>(integer_field(*root, "pages").value_or(0), 0, max_line_item_pages)) + 1;
  const std::string forward_to(string_field(*root, "forward_to").value_or(""));
  order.attribution = std::string(string_field(*root, "attribution").value_or(""));

  std::string log;
  stripe_list_page page;
  if (status >= 200 && status < 300) page = read_stripe_line_items(body, order.currency, items);
  // A failure that may pass (no answer, 429, 5xx): nothing is stored and Stripe is told to send the
  // event again, which it does for up to three days, rather than the order going out as one line
  // for good. An answer that will not change (a 4xx: a wrong key, an unknown session) or a page
  // that cannot be read still sends the order as one line, so the sale is never lost.
  if (!page.ok && (status == 0 || status == 429 || status >= 500))
    return refused(502, "provider_api_failed",
                   "Stripe's line items for " + session + " could not be fetched (HTTP " + std::to_string(status) +
                       "); Stripe will send the event again");
  if (page.ok && page.has_more && pages < max_line_item_pages && items.size() < max_line_items) {
    intake_outcome o;
    o.answer.code = "fetching";
    o.fetch_url = line_items_url(settings, session, page.last_id);
    o.fetch_authorization = "Bearer " + settings.stripe_api_key;
    o.continuation = write_continuation(order, items, session, pages, forward_to);
    return o;
  }
  if (!page.ok || items.empty()) {
    // The order is recorded with its one-line total rather than lost; the log says why.
    log = "Stripe line items for " + session + " could not be read (HTTP " + std::to_string(status) +
          "); the order is sent as one line";
  } else {
    order.items = std::move(items);
  }
  std::vector<order_event> orders{std::move(order)};
  intake_outcome o = address(settings, std::move(orders), "paid", "stored", now);
  o.forward_to = forward_to;
  o.log = log + o.log;
  return o;
}

}  // namespace edgepost
