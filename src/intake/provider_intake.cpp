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

constexpr int max_line_item_pages = max_provider_api_pages;

// `items`: where the (one) order's lines are to be read from afterwards, if its webhook lacks them.
intake_outcome address(const config& settings, std::vector<order_event> orders, std::string word,
                         std::string message, unix_seconds now, std::optional<items_fetch> items = std::nullopt) {
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
    arrival.items = std::move(items);
    items.reset();
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
      p->verify({headers.signature, body, webhook_secret(*p, settings), now, settings.webhook_tolerance_seconds});
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
  // A subscription's renewal is a sale only with RECURRING_SALES=all (DESIGN, "Subscriptions").
  if (!settings.recurring_sales_all && reading.orders.front().renewal) {
    intake_outcome o = refused(200, "ignored", "a subscription's renewal: with RECURRING_SALES=first only its first sale is sent");
    o.forward_to = forward_to;
    return o;
  }
  std::optional<items_fetch> items;
  if (!reading.session_id.empty() && !settings.stripe_api_key.empty())
    items = items_fetch{reading.session_id, line_items_url(settings, reading.session_id, ""), {}, 0, 0, now, 0};
  intake_outcome o = address(settings, std::move(reading.orders), reading.answer.code, "stored", now, std::move(items));
  o.forward_to = forward_to;
  return o;
}

intake_outcome continue_provider_webhook(const config& settings, std::string_view continuation, int status,
                                           std::string_view body, unix_seconds now) {
  json_document doc;
  const auto root = doc.parse(continuation) ? as_object(doc.root()) : std::nullopt;
  if (!root || string_field(*root, "kind") != std::optional<std::string_view>("refunds"))
    return refused(500, "bad_continuation", "the continuation could not be read");
  return continue_refunds(settings, *root, status, body, now);
}

std::string items_authorization(const config& settings) { return "Bearer " + settings.stripe_api_key; }

items_page read_items_page(const config& settings, const items_fetch& pending, std::string_view currency, int status,
                           std::string_view body) {
  items_page out;
  std::vector<line_item> items = pending.fetched;
  stripe_list_page page;
  if (status >= 200 && status < 300) page = read_stripe_line_items(body, currency, items);
  if (!page.ok) {
    // No answer, 429 or a 5xx may pass: read again on the order's schedule. Anything else (a wrong
    // key, an unknown session, a page that cannot be read) will not change by asking again.
    const bool may_pass = status == 0 || status == 429 || status >= 500;
    out.outcome = may_pass ? items_page_outcome::retry : items_page_outcome::give_up;
    out.problem = "Stripe's line items for " + pending.source_id + " could not be " +
                  (status >= 200 && status < 300 ? "read" : "fetched") + " (HTTP " + std::to_string(status) + ")";
    return out;
  }
  if (page.has_more && pending.pages + 1 < max_line_item_pages && items.size() < max_line_items) {
    out.outcome = items_page_outcome::next_page;
    out.items = std::move(items);
    out.next_url = line_items_url(settings, pending.source_id, page.last_id);
    return out;
  }
  if (items.empty()) {
    out.problem = "Stripe listed no line items for " + pending.source_id;
    return out;
  }
  if (const reply fitted = fit_provider_lines(items); fitted.is_refusal()) {
    out.problem = "Stripe's line items for " + pending.source_id + " do not fit: " + fitted.message;
    return out;
  }
  out.outcome = items_page_outcome::complete;
  out.items = std::move(items);
  return out;
}

}  // namespace edgepost
