#include "intake/provider_intake.h"

#include <algorithm>

#include "encoding/json_reader.h"
#include "encoding/json_writer.h"
#include "intake/order_intake.h"
#include "intake/provider_order_limits.h"
#include "model/order_codec.h"
#include "providers/provider_table.h"

namespace edgepost {
namespace {

constexpr int max_line_item_pages = max_provider_api_pages;

// `items`: where the (one) sale's lines are to be read from afterwards, if its webhook lacks them.
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
    if (arrival.order.alias_of.empty()) {  // the sale, not another name of it
      arrival.items = std::move(items);
      items.reset();
    }
    resolve_click(settings, arrival, now, log);
    if (!log.empty()) out.log += log + "\n";
    out.arrivals.push_back(address_arrival(arrival));
  }
  return out;
}

// The continuation of a webhook whose refunds are being listed: the provider, whose refunds (a
// charge), the refunds read so far, how many pages were read.
std::string write_refunds_continuation(std::string_view provider_name, std::string_view source,
                                       const std::vector<order_event>& refunds, int pages, std::string_view forward_to) {
  json_writer out;
  out.begin_object().member("kind", "refunds").member("provider", provider_name).member("charge", source);
  out.key("refunds").begin_array();
  for (const auto& r : refunds) write_order_event(out, r);
  out.end_array();
  out.member("pages", int64_t{pages}).member("forward_to", forward_to);
  out.end_object();
  return out.take();
}

intake_outcome fetch_refunds(const config& settings, const provider& p, const provider_api& api, std::string_view source,
                             std::string_view after, const std::vector<order_event>& refunds, int pages,
                             std::string_view forward_to) {
  intake_outcome o;
  o.answer.code = "fetching";
  o.fetch_url = api.refunds_url(api_base(api, settings), source, after);
  o.fetch_authorization = api.authorization(api_key(api, settings));
  o.continuation = write_refunds_continuation(p.name, source, refunds, pages, forward_to);
  return o;
}

// A page of the refunds came back: ask for the next, or store every refund read.
intake_outcome continue_refunds(const config& settings, json_object root, int status, std::string_view body,
                                unix_seconds now) {
  const provider* p = find_provider(string_field(root, "provider").value_or(""));
  const provider_api* api = p ? usable_api(*p, settings) : nullptr;
  if (!api || !api->read_refunds)
    return refused(500, "bad_continuation", "the continuation names no provider whose refunds edgepost can list");
  const std::string source(string_field(root, "charge").value_or(""));
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
  api_list_page page;
  if (status >= 200 && status < 300) page = api->read_refunds(body, now, refunds);
  if (!page.ok)
    // Nothing is stored and the provider is told to send the event again, which it does for days.
    return refused(502, "provider_api_failed",
                   "the provider's list of the refunds could not be read (HTTP " + std::to_string(status) +
                       "); the provider will send the event again");
  if (page.has_more && pages < max_line_item_pages)
    return fetch_refunds(settings, *p, *api, source, page.last_id, refunds, pages, forward_to);
  if (refunds.empty()) {
    intake_outcome o = refused(200, "ignored", "no refund of it has succeeded yet");
    o.forward_to = forward_to;
    return o;
  }
  intake_outcome o = address(settings, std::move(refunds), "refunded", "stored", now);
  o.forward_to = forward_to;
  return o;
}

// What a webhook whose signature holds means.
intake_outcome accept_verified_webhook(const config& settings, const provider* p, const provider_headers& headers,
                                       std::string_view body, unix_seconds now) {
  provider_reading reading = p->read(headers.topic, body);
  const std::string forward_to = forward_target(*p, settings);
  if (reading.answer.is_refusal()) return refused(std::move(reading.answer));
  const provider_api* api = usable_api(*p, settings);
  if (reading.orders.empty() && !reading.refunds_source.empty() && api && api->refunds_url)
    return fetch_refunds(settings, *p, *api, reading.refunds_source, "", {}, 0, forward_to);
  if (reading.orders.empty()) {
    intake_outcome o = refused(std::move(reading.answer));
    o.forward_to = forward_to;
    return o;
  }
  // A subscription's renewal is a sale only with RECURRING_SALES=all (DESIGN, "Subscriptions"),
  // unless it is a trial's first payment, which only the trial's record knows: it is asked there.
  // The webhook's sale is its first event that is not another name of it.
  const auto sale = std::find_if(reading.orders.begin(), reading.orders.end(),
                                 [](const order_event& o) { return o.alias_of.empty(); });
  if (!settings.recurring_sales_all && sale != reading.orders.end() && sale->renewal) {
    order_event& renewal = *sale;
    if (renewal.trial_key.empty()) {
      intake_outcome o = refused(200, "ignored", "a subscription's renewal: with RECURRING_SALES=first only its first sale is sent");
      o.forward_to = forward_to;
      return o;
    }
    renewal.order_key = renewal.trial_key;
    renewal.pays_trial = true;
  }
  std::optional<items_fetch> items;
  if (!reading.items_source.empty() && api)
    items = items_fetch{reading.items_source, api->items_url(api_base(*api, settings), reading.items_source, ""),
                        {}, 0, 0, now, 0, std::string(p->name)};
  intake_outcome o = address(settings, std::move(reading.orders), reading.answer.code, "stored", now, std::move(items));
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
      p->verify({headers.signature, headers.url, body, webhook_secret(*p, settings), now, settings.webhook_tolerance_seconds});
  switch (verified) {
    case error_code::success: break;
    case error_code::missing_signature: return refused(401, "missing_signature", "the provider's signature is missing");
    case error_code::stale_timestamp: return refused(401, "stale_timestamp", "the signature's timestamp is more than 5 minutes away from now");
    default: return refused(401, "bad_signature", "the signature does not match the body");
  }
  intake_outcome o = accept_verified_webhook(settings, p, headers, body, now);
  // A provider that wants its own word hears it for every webhook it need not send again.
  if (!o.answer.is_refusal() && o.fetch_url.empty() && o.forward_to.empty()) o.accepted_body = p->accepted_body;
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

std::string items_authorization(const config& settings, const items_fetch& pending) {
  const provider* p = find_provider(pending.provider);
  const provider_api* api = p ? usable_api(*p, settings) : nullptr;
  return api ? api->authorization(api_key(*api, settings)) : std::string();
}

items_page read_items_page(const config& settings, const items_fetch& pending, std::string_view currency, int status,
                           std::string_view body) {
  items_page out;
  const provider* p = find_provider(pending.provider);
  const provider_api* api = p ? usable_api(*p, settings) : nullptr;
  if (!api) {
    out.problem = "edgepost cannot read the lines of " + pending.source_id + ": " + pending.provider +
                  "'s API credential is not set";
    return out;
  }
  std::vector<line_item> items = pending.fetched;
  api_list_page page;
  if (status >= 200 && status < 300) page = api->read_items(body, currency, items);
  if (!page.ok) {
    // No answer, 429 or a 5xx may pass: read again on the order's schedule. Anything else (a wrong
    // key, an unknown session, a page that cannot be read) will not change by asking again.
    const bool may_pass = status == 0 || status == 429 || status >= 500;
    out.outcome = may_pass ? items_page_outcome::retry : items_page_outcome::give_up;
    out.problem = "the lines of " + pending.source_id + " could not be " +
                  (status >= 200 && status < 300 ? "read" : "fetched") + " from " + pending.provider + " (HTTP " +
                  std::to_string(status) + ")";
    return out;
  }
  if (page.has_more && pending.pages + 1 < max_line_item_pages && items.size() < max_line_items) {
    out.outcome = items_page_outcome::next_page;
    out.items = std::move(items);
    out.next_url = api->items_url(api_base(*api, settings), pending.source_id, page.last_id);
    return out;
  }
  if (items.empty()) {
    out.problem = pending.provider + " listed no line items for " + pending.source_id;
    return out;
  }
  if (const reply fitted = fit_provider_lines(items); fitted.is_refusal()) {
    out.problem = "the lines of " + pending.source_id + " do not fit: " + fitted.message;
    return out;
  }
  out.outcome = items_page_outcome::complete;
  out.items = std::move(items);
  return out;
}

}  // namespace edgepost
