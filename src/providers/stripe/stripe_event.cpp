#include "providers/stripe/stripe_event.h"

#include <algorithm>

#include "attribution/reference_token.h"
#include "encoding/json_reader.h"
#include "money/currency.h"

namespace edgepost {
namespace {

std::string upper(std::string_view s) {
  std::string out(s);
  for (auto& c : out)
    if (c >= 'a' && c <= 'z') c = static_cast<char>(c - 'a' + 'A');
  return out;
}

std::optional<micros> amount_in(json_object o, std::string_view name, std::string_view currency) {
  const auto minor = integer_field(o, name);
  if (!minor) return std::nullopt;
  micros v = 0;
  if (micros_from_minor_units(*minor, currency).get(v) != error_code::success) return std::nullopt;
  return v;
}

// Where a subscription's click is kept for its renewals: "stripe_subscription:<sub_…>".
constexpr std::string_view subscription_key_prefix = "stripe_subscription:";
// Where a subscription that started with a trial keeps its trial (model/order.h).
constexpr std::string_view trial_key_prefix = "stripe_trial:";

// A subscription that starts without a payment (a trial, or a first invoice discounted to $0):
// its trial; its first paid invoice is its first sale.
provider_reading trial_start(std::string_view subscription, std::string_view currency, unix_seconds created,
                             std::string attribution = {}) {
  return trial_reading(subscription, std::string(trial_key_prefix) + std::string(subscription),
                       std::string(subscription_key_prefix) + std::string(subscription), currency, created,
                       std::move(attribution));
}

// The subscription a Checkout Session started, when its id can name a trial.
std::optional<std::string_view> session_subscription(json_object session) {
  const auto id = string_field(session, "subscription");
  if (!id || id->empty() || id->size() > max_order_id_length) return std::nullopt;
  return id;
}

// A subscription's sale is its invoice (DESIGN, "Subscriptions"): the Checkout Session that started
// the subscription and the first invoice's invoice.paid both name it, so either makes the sale and
// the other tells the same sale again (the machine takes a click the first telling lacked).
std::optional<std::string_view> invoice_id_of(json_object session) {
  const auto invoice = string_field(session, "invoice");
  if (!invoice || invoice->empty() || invoice->size() > max_order_id_length) return std::nullopt;
  return invoice;
}

provider_reading read_paid_session(json_object session, unix_seconds event_created) {
  const bool subscription = string_field(session, "mode") == std::optional<std::string_view>("subscription");
  const auto payment_intent = subscription ? invoice_id_of(session) : string_field(session, "payment_intent");
  if (subscription && !payment_intent)
    return ignored_reading("the subscription's Checkout Session names no invoice: its invoice.paid event carries the sale");
  if (!payment_intent || payment_intent->empty() || payment_intent->size() > max_order_id_length)
    return ignored_reading("the session has no PaymentIntent (not a one-off payment): nothing to track");
  const auto currency_text = string_field(session, "currency");
  const auto session_id = string_field(session, "id");
  if (!currency_text || !session_id) return unreadable_reading("the Checkout Session has no currency or id");
  const std::string currency = upper(*currency_text);

  order_event o;
  o.order_id = std::string(*payment_intent);
  o.order_key = o.order_id;
  o.status = order_status::paid;
  o.currency = currency;
  o.created_at = integer_field(session, "created").value_or(event_created);
  o.join_keys.push_back("stripe_session:" + std::string(*session_id));
  if (subscription)
    if (const auto id = string_field(session, "subscription"); id && !id->empty())
      o.links.push_back(std::string(subscription_key_prefix) + std::string(*id));
  if (const auto reference = string_field(session, "client_reference_id"))
    o.attribution = attribution_token_from_reference(*reference);  // empty unless it is ours

  // Without line items (no API key, or the API failed) the order is one line of its subtotal.
  const auto subtotal = amount_in(session, "amount_subtotal", currency);
  if (!subtotal) return unreadable_reading("the Checkout Session has no amount_subtotal");
  o.items.push_back({"ORDER", "Order " + o.order_id, 1, *subtotal});
  if (const auto totals_element = field(session, "total_details")) {
    if (const auto totals = as_object(*totals_element))
      o.discount = amount_in(*totals, "amount_discount", currency).value_or(0);
  }

  provider_reading r;
  r.answer.code = "paid";
  r.items_source = std::string(*session_id);
  r.orders.push_back(std::move(o));
  return r;
}

// A succeeded refund, known by its amount.
std::optional<order_event> refund_from(json_object refund, unix_seconds event_created) {
  const auto id = string_field(refund, "id");
  const auto payment_intent = string_field(refund, "payment_intent");
  const auto status = string_field(refund, "status");
  const auto currency_text = string_field(refund, "currency");
  if (!id || !payment_intent || !currency_text || status != std::optional<std::string_view>("succeeded"))
    return std::nullopt;
  order_event o;
  o.order_id = std::string(*payment_intent);
  o.order_key = o.order_id;
  o.status = order_status::refunded;
  o.currency = upper(*currency_text);
  o.created_at = integer_field(refund, "created").value_or(event_created);
  o.refund_id = std::string(*id);
  const auto amount = amount_in(refund, "amount", o.currency);
  if (!amount) return std::nullopt;
  o.refund_amount = *amount;
  return o;
}

// The subscription an invoice belongs to: `subscription` before API version 2025-03-31,
// `parent.subscription_details.subscription` since.
std::optional<std::string_view> subscription_of(json_object invoice) {
  if (const auto id = string_field(invoice, "subscription"); id && !id->empty()) return id;
  const auto parent_element = field(invoice, "parent");
  const auto parent = parent_element ? as_object(*parent_element) : std::nullopt;
  const auto details_element = parent ? field(*parent, "subscription_details") : std::nullopt;
  const auto details = details_element ? as_object(*details_element) : std::nullopt;
  if (const auto id = details ? string_field(*details, "subscription") : std::nullopt; id && !id->empty()) return id;
  return std::nullopt;
}

// The one refund a credit note paid out, if it names exactly one: `refund` before API version
// 2025-03-31, `refunds[].refund` since.
std::optional<std::string_view> single_refund_of(json_object note) {
  if (const auto id = string_field(note, "refund"); id && !id->empty()) return id;
  const auto list_element = field(note, "refunds");
  const auto list = list_element ? as_array(*list_element) : std::nullopt;
  std::optional<std::string_view> only;
  if (list)
    for (json_element e : *list) {
      const auto entry = as_object(e);
      const auto id = entry ? string_field(*entry, "refund") : std::nullopt;
      if (!id || id->empty() || only) return std::nullopt;
      only = id;
    }
  return only;
}

// credit_note.created after the invoice was paid (type post_payment) gives money or credit back:
// an adjustment of the invoice's sale, by the credit note's amount before tax (as the sale's). When
// the credit note paid out one refund, the adjustment is named by that refund, so the same refund
// told again by charge.refunded is a duplicate, not a second adjustment.
provider_reading read_credit_note(json_object note, unix_seconds event_created) {
  if (string_field(note, "type") != std::optional<std::string_view>("post_payment"))
    return ignored_reading("a credit note issued before the invoice was paid lowers what it asks: the paid invoice already says it");
  if (string_field(note, "status") != std::optional<std::string_view>("issued"))
    return ignored_reading("the credit note is not issued");
  const auto id = string_field(note, "id");
  const auto invoice = string_field(note, "invoice");
  const auto currency_text = string_field(note, "currency");
  if (!id || id->empty() || !invoice || invoice->empty() || invoice->size() > max_order_id_length || !currency_text)
    return unreadable_reading("a credit note needs id, invoice and currency");
  const std::string currency = upper(*currency_text);
  auto amount = amount_in(note, "subtotal_excluding_tax", currency);
  if (!amount) amount = amount_in(note, "subtotal", currency);
  if (!amount || *amount <= 0) return ignored_reading("the credit note credits nothing before tax");
  order_event o;
  o.order_id = std::string(*invoice);
  o.order_key = o.order_id;
  o.status = order_status::refunded;
  o.currency = currency;
  o.created_at = integer_field(note, "created").value_or(event_created);
  o.refund_id = std::string(single_refund_of(note).value_or(*id));
  o.refund_amount = *amount;
  provider_reading r;
  r.answer.code = "refunded";
  r.orders.push_back(std::move(o));
  return r;
}

// An invoice line's product: `price.product` (or the price) before 2025-03-31,
// `pricing.price_details.product` (or .price) since; the line's own id when it names neither.
std::string line_sku(json_object line) {
  const auto nested = [&](std::string_view outer, std::string_view inner) -> std::optional<json_object> {
    const auto o = field(line, outer);
    const auto obj = o ? as_object(*o) : std::nullopt;
    if (inner.empty() || !obj) return obj;
    const auto i = field(*obj, inner);
    return i ? as_object(*i) : std::nullopt;
  };
  for (const auto& holder : {nested("price", ""), nested("pricing", "price_details")}) {
    if (!holder) continue;
    if (const auto product = string_field(*holder, "product"); product && !product->empty()) return std::string(*product);
    if (const auto price = string_field(*holder, "price"); price && !price->empty()) return std::string(*price);
    if (const auto id = string_field(*holder, "id"); id && !id->empty()) return std::string(*id);
  }
  return std::string(string_field(line, "id").value_or("ITEM"));
}

// invoice.paid: a subscription's first invoice (billing_reason subscription_create) is its sale,
// and records its click under the subscription; when it is $0 it starts a trial instead. A later
// invoice (subscription_cycle) is a renewal, credited to that click, and sent with
// RECURRING_SALES=all; with `first` only when it is the trial's first payment, which the trial's
// record decides (intake asks it there).
provider_reading read_paid_invoice(json_object invoice, unix_seconds event_created) {
  const auto id = string_field(invoice, "id");
  const auto currency_text = string_field(invoice, "currency");
  if (!id || id->empty() || id->size() > max_order_id_length || !currency_text)
    return unreadable_reading("the invoice has no id or currency");
  const auto subscription = subscription_of(invoice);
  if (!subscription) return ignored_reading("the invoice belongs to no subscription: a one-off invoice is not tracked");
  const std::string currency = upper(*currency_text);
  const auto paid = amount_in(invoice, "amount_paid", currency);
  if (!paid) return unreadable_reading("the invoice has no amount_paid");
  const auto reason = string_field(invoice, "billing_reason").value_or("");
  if (*paid == 0 && reason == "subscription_create" && subscription->size() <= max_order_id_length)
    return trial_start(*subscription, currency, integer_field(invoice, "created").value_or(event_created));
  if (*paid == 0) return ignored_reading("a $0 invoice (a trial, or fully credited) is never a sale");
  const bool renewal = reason == "subscription_cycle";
  if (!renewal && reason != "subscription_create")
    return ignored_reading("billing_reason " + std::string(reason) +
                           ": only a subscription's first invoice and its renewals are sales (upgrades, prorations and manual invoices are not)");
  const auto subtotal = amount_in(invoice, "subtotal", currency);
  if (!subtotal) return unreadable_reading("the invoice has no subtotal");

  order_event o;
  o.order_id = std::string(*id);
  o.order_key = o.order_id;
  o.status = order_status::paid;
  o.currency = currency;
  o.created_at = integer_field(invoice, "created").value_or(event_created);
  const std::string subscription_key = std::string(subscription_key_prefix) + std::string(*subscription);
  o.renewal = renewal;
  if (renewal) {
    o.join_keys.push_back(subscription_key);
    o.trial_key = std::string(trial_key_prefix) + std::string(*subscription);
  } else {
    o.links.push_back(subscription_key);
  }
  if (const auto discounts_element = field(invoice, "total_discount_amounts"))
    if (const auto discounts = as_array(*discounts_element))
      for (json_element d : *discounts)
        if (const auto discount = as_object(d)) o.discount += amount_in(*discount, "amount", currency).value_or(0);
  // The lines as the invoice lists them (the first page: Stripe includes up to ten); with more, or
  // a line that cannot be read, one line of the subtotal.
  const auto lines_element = field(invoice, "lines");
  const auto lines = lines_element ? as_object(*lines_element) : std::nullopt;
  const auto data_element = lines ? field(*lines, "data") : std::nullopt;
  const auto data = data_element ? as_array(*data_element) : std::nullopt;
  const auto more = lines ? field(*lines, "has_more") : std::nullopt;
  bool whole = data && !(more && as_boolean(*more).value_or(false));
  micros listed = 0;
  if (whole) {
    for (json_element e : *data) {
      const auto line = as_object(e);
      const auto amount = line ? amount_in(*line, "amount", currency) : std::nullopt;
      if (!line || !amount || *amount < 0) {
        whole = false;
        break;
      }
      line_item li;
      li.quantity = std::max<int64_t>(1, integer_field(*line, "quantity").value_or(1));
      li.sku = line_sku(*line);
      li.name = std::string(string_field(*line, "description").value_or(li.sku));
      li.unit_price = *amount / li.quantity;
      listed += li.unit_price * li.quantity;
      o.items.push_back(std::move(li));
    }
  }
  if (!whole || o.items.empty() || listed != *subtotal) {
    o.items.clear();
    o.items.push_back({"ORDER", "Invoice " + o.order_id, 1, *subtotal});
  }

  provider_reading r;
  r.answer.code = "paid";
  // Before API version 2025-03-31 the invoice names its PaymentIntent, which its refunds name.
  if (const auto payment = string_field(invoice, "payment_intent"))
    if (auto alias = another_name_of(o.order_id, *payment, currency, o.created_at)) r.orders.push_back(std::move(*alias));
  r.orders.push_back(std::move(o));
  return r;
}

// invoice_payment.paid (API versions since 2025-03-31): which PaymentIntent paid which invoice.
provider_reading read_invoice_payment(json_object payment, unix_seconds event_created) {
  const auto invoice = string_field(payment, "invoice");
  const auto details_element = field(payment, "payment");
  const auto details = details_element ? as_object(*details_element) : std::nullopt;
  const auto intent = details ? string_field(*details, "payment_intent") : std::nullopt;
  const auto currency = string_field(payment, "currency");
  if (string_field(payment, "status") != std::optional<std::string_view>("paid"))
    return ignored_reading("the invoice payment is not paid");
  if (!invoice || !intent || !currency)
    return ignored_reading("the invoice payment names no invoice or PaymentIntent: nothing to link");
  auto alias = another_name_of(*invoice, *intent, upper(*currency), integer_field(payment, "created").value_or(event_created));
  if (!alias) return unreadable_reading("the invoice payment's invoice or PaymentIntent is not an id");
  provider_reading r;
  r.answer.code = "stored";
  r.orders.push_back(std::move(*alias));
  return r;
}

}  // namespace

provider_reading read_stripe_event(std::string_view body) {
  json_document doc;
  if (!doc.parse(body)) return unreadable_reading("the body is not valid JSON");
  const auto event = as_object(doc.root());
  if (!event) return unreadable_reading("the body must be a Stripe event object");
  const auto type = string_field(*event, "type");
  const auto data_element = field(*event, "data");
  const auto data = data_element ? as_object(*data_element) : std::nullopt;
  const auto object_element = data ? field(*data, "object") : std::nullopt;
  const auto object = object_element ? as_object(*object_element) : std::nullopt;
  if (!type || !object) return unreadable_reading("a Stripe event needs type and data.object");
  const unix_seconds created = integer_field(*event, "created").value_or(0);

  if (*type == "checkout.session.completed") {
    const auto payment_status = string_field(*object, "payment_status");
    if (payment_status == std::optional<std::string_view>("no_payment_required") &&
        string_field(*object, "mode") == std::optional<std::string_view>("subscription")) {
      const auto subscription = session_subscription(*object);
      const auto currency = string_field(*object, "currency");
      const auto session_id = string_field(*object, "id");
      if (!subscription || !currency || !session_id)
        return unreadable_reading("a subscription's Checkout Session without a payment needs subscription, currency and id");
      const auto reference = string_field(*object, "client_reference_id");
      provider_reading r = trial_start(*subscription, upper(*currency), integer_field(*object, "created").value_or(created),
                                       reference ? attribution_token_from_reference(*reference) : std::string());
      r.orders.front().join_keys.push_back("stripe_session:" + std::string(*session_id));
      return r;
    }
    if (payment_status != std::optional<std::string_view>("paid"))
      return ignored_reading("the session is not paid yet; checkout.session.async_payment_succeeded will follow");
    return read_paid_session(*object, created);
  }
  if (*type == "checkout.session.async_payment_succeeded") return read_paid_session(*object, created);
  if (*type == "credit_note.created") return read_credit_note(*object, created);
  if (*type == "invoice.paid") return read_paid_invoice(*object, created);
  if (*type == "invoice_payment.paid") return read_invoice_payment(*object, created);
  if (*type == "refund.created" || *type == "refund.updated") {
    auto o = refund_from(*object, created);
    if (!o) return ignored_reading("the refund has not succeeded (yet)");
    provider_reading r;
    r.answer.code = "refunded";
    r.orders.push_back(std::move(*o));
    return r;
  }
  if (*type == "charge.refunded") {
    provider_reading r;
    r.answer.code = "refunded";
    const auto refunds_element = field(*object, "refunds");
    const auto refunds = refunds_element ? as_object(*refunds_element) : std::nullopt;
    const auto list_element = refunds ? field(*refunds, "data") : std::nullopt;
    // A subscription invoice's charge names its invoice (API versions before 2025-03-31): the sale
    // is the invoice, so its refunds are too.
    const auto invoice = string_field(*object, "invoice");
    const bool of_invoice = invoice && !invoice->empty() && invoice->size() <= max_order_id_length;
    if (const auto list = list_element ? as_array(*list_element) : std::nullopt) {
      for (json_element e : *list)
        if (const auto refund = as_object(e))
          if (auto o = refund_from(*refund, created)) {
            if (of_invoice) o->order_id = o->order_key = std::string(*invoice);
            r.orders.push_back(std::move(*o));
          }
    }
    if (r.orders.empty() && !list_element) {
      // Current API versions leave the list out: the shell can ask Stripe for it.
      const auto charge_id = string_field(*object, "id");
      if (!charge_id) return unreadable_reading("charge.refunded needs the charge's id");
      r.answer = {200, "ignored",
                  "charge.refunded without its refunds listed; set STRIPE_API_KEY, or subscribe to refund.created"};
      r.refunds_source = std::string(*charge_id);
      return r;
    }
    if (r.orders.empty())
      return ignored_reading("charge.refunded without its refunds listed; subscribe to refund.created for these");
    return r;
  }
  return ignored_reading("edgepost does not use " + std::string(*type) + " events");
}

namespace {

// One of Stripe's list objects (docs.stripe.com/api/pagination): its data array and has_more.
struct stripe_list {
  json_array data;
  bool has_more = false;
};

std::optional<stripe_list> read_stripe_list(json_document& doc, std::string_view body) {
  if (!doc.parse(body)) return std::nullopt;
  const auto list = as_object(doc.root());
  const auto data_element = list ? field(*list, "data") : std::nullopt;
  const auto data = data_element ? as_array(*data_element) : std::nullopt;
  if (!data) return std::nullopt;
  const auto more = field(*list, "has_more");
  return stripe_list{*data, more && as_boolean(*more).value_or(false)};
}

}  // namespace

api_list_page read_stripe_line_items(std::string_view body, std::string_view currency,
                                     std::vector<line_item>& items) {
  api_list_page page;
  json_document doc;
  const auto list = read_stripe_list(doc, body);
  if (!list) return page;
  for (json_element e : list->data) {
    const auto item = as_object(e);
    if (!item) return page;
    const auto quantity = integer_field(*item, "quantity").value_or(1);
    const auto price_element = field(*item, "price");
    const auto price = price_element ? as_object(*price_element) : std::nullopt;
    line_item li;
    li.quantity = quantity < 1 ? 1 : quantity;
    // The product id is what the merchant's catalogue knows; the price id when there is none.
    if (price) {
      if (const auto product = string_field(*price, "product")) li.sku = std::string(*product);
      else if (const auto price_id = string_field(*price, "id")) li.sku = std::string(*price_id);
    }
    li.name = std::string(string_field(*item, "description").value_or(li.sku));
    std::optional<micros> unit = price ? amount_in(*price, "unit_amount", currency) : std::nullopt;
    if (!unit) {
      const auto subtotal = amount_in(*item, "amount_subtotal", currency);
      if (!subtotal) return page;
      unit = *subtotal / li.quantity;
    }
    li.unit_price = *unit;
    if (li.sku.empty()) li.sku = std::string(string_field(*item, "id").value_or("ITEM"));
    if (const auto id = string_field(*item, "id")) page.last_id = std::string(*id);
    items.push_back(std::move(li));
  }
  page.has_more = list->has_more;
  page.ok = true;
  return page;
}

api_list_page read_stripe_refunds(std::string_view body, unix_seconds event_created,
                                  std::vector<order_event>& refunds) {
  api_list_page page;
  json_document doc;
  const auto list = read_stripe_list(doc, body);
  if (!list) return page;
  for (json_element e : list->data) {
    const auto refund = as_object(e);
    if (!refund) return page;
    if (const auto id = string_field(*refund, "id")) page.last_id = std::string(*id);
    if (auto o = refund_from(*refund, event_created)) refunds.push_back(std::move(*o));  // pending ones come later
  }
  page.has_more = list->has_more;
  page.ok = true;
  return page;
}

}  // namespace edgepost
