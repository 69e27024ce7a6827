#include "providers/stripe_event.h"

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

provider_reading read_paid_session(json_object session, unix_seconds event_created) {
  const auto payment_intent = string_field(session, "payment_intent");
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
  r.session_id = std::string(*session_id);
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
    if (string_field(*object, "payment_status") != std::optional<std::string_view>("paid"))
      return ignored_reading("the session is not paid yet; checkout.session.async_payment_succeeded will follow");
    return read_paid_session(*object, created);
  }
  if (*type == "checkout.session.async_payment_succeeded") return read_paid_session(*object, created);
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
    if (const auto list = list_element ? as_array(*list_element) : std::nullopt) {
      for (json_element e : *list)
        if (const auto refund = as_object(e))
          if (auto o = refund_from(*refund, created)) r.orders.push_back(std::move(*o));
    }
    if (r.orders.empty() && !list_element) {
      // Current API versions leave the list out: the shell can ask Stripe for it.
      const auto charge_id = string_field(*object, "id");
      if (!charge_id) return unreadable_reading("charge.refunded needs the charge's id");
      r.answer = {200, "ignored",
                  "charge.refunded without its refunds listed; set STRIPE_API_KEY, or subscribe to refund.created"};
      r.refunded_charge_id = std::string(*charge_id);
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

stripe_list_page read_stripe_line_items(std::string_view body, std::string_view currency,
                                        std::vector<line_item>& items) {
  stripe_list_page page;
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

stripe_list_page read_stripe_refunds(std::string_view body, unix_seconds event_created,
                                     std::vector<order_event>& refunds) {
  stripe_list_page page;
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
