#include "providers/paddle/paddle_event.h"

#include <algorithm>
#include <charconv>
#include <string>

#include "encoding/json_reader.h"
#include "attribution/reference_token.h"
#include "encoding/json_writer.h"
#include "money/currency.h"
#include "providers/provider_signatures.h"

namespace edgepost {
namespace {

// Where a Paddle subscription's click is kept for its renewals, and where its trial is (model/order.h).
constexpr std::string_view subscription_key_prefix = "paddle_subscription:";
constexpr std::string_view trial_key_prefix = "paddle_trial:";

std::optional<json_object> object_at(json_object o, std::string_view name) {
  const auto e = field(o, name);
  return e ? as_object(*e) : std::nullopt;
}

// Paddle writes amounts as strings of the currency's minor units ("3000" is $30.00).
std::optional<micros> amount_at(json_object o, std::string_view name, std::string_view currency) {
  const auto text = string_field(o, name);
  int64_t minor = 0;
  if (!text || text->empty() ||
      std::from_chars(text->data(), text->data() + text->size(), minor).ptr != text->data() + text->size())
    return std::nullopt;
  micros v = 0;
  if (micros_from_minor_units(minor, currency).get(v) != error_code::success) return std::nullopt;
  return v;
}

// The click in custom_data: the cookie's value, or its reference form (a tagged checkout button's).
std::string attribution_in(json_object txn) {
  const auto custom = object_at(txn, "custom_data");
  const auto token = custom ? string_field(*custom, "edgepost_attribution") : std::nullopt;
  if (!token) return {};
  if (std::string from_reference = attribution_token_from_reference(*token); !from_reference.empty()) return from_reference;
  return std::string(*token);
}

provider_reading read_completed_transaction(json_object txn) {
  const auto id = string_field(txn, "id");
  const auto currency = string_field(txn, "currency_code");
  const auto details = object_at(txn, "details");
  const auto totals = details ? object_at(*details, "totals") : std::nullopt;
  if (!id || id->empty() || id->size() > max_order_id_length || !currency || !totals)
    return unreadable_reading("a Paddle transaction needs id, currency_code and details.totals");
  const auto subtotal = amount_at(*totals, "subtotal", *currency);
  if (!subtotal) return unreadable_reading("the transaction's details.totals.subtotal is not an amount");
  const auto subscription = string_field(txn, "subscription_id");
  const bool of_subscription = subscription && !subscription->empty() && subscription->size() <= max_order_id_length;
  const bool recurring = string_field(txn, "origin") == std::optional<std::string_view>("subscription_recurring");
  if (*subtotal == 0 && of_subscription && !recurring) {
    // A subscription that starts without a payment: its trial; its first paid transaction is its first sale.
    return trial_reading(*subscription, std::string(trial_key_prefix) + std::string(*subscription),
                         std::string(subscription_key_prefix) + std::string(*subscription), *currency,
                         time_field(txn, "created_at").value_or(0), attribution_in(txn));
  }
  if (*subtotal == 0) return ignored_reading("a $0 transaction (fully discounted, or a renewal credited in full) is never a sale");

  order_event o;
  o.order_id = std::string(*id);
  o.order_key = o.order_id;
  o.status = order_status::paid;
  o.currency = std::string(*currency);
  const auto created = time_field(txn, "billed_at");
  o.created_at = created ? *created : time_field(txn, "created_at").value_or(0);
  o.discount = amount_at(*totals, "discount", *currency).value_or(0);
  o.attribution = attribution_in(txn);
  if (of_subscription) {
    const std::string key = std::string(subscription_key_prefix) + std::string(*subscription);
    o.renewal = recurring;
    if (o.renewal) {
      o.join_keys.push_back(key);
      o.trial_key = std::string(trial_key_prefix) + std::string(*subscription);
    } else {
      o.links.push_back(key);
    }
  }
  // The lines (product, quantity, unit subtotal before tax and discount); one line of the subtotal
  // when they cannot be read or do not add up to it.
  micros listed = 0;
  bool whole = true;
  const auto lines_element = field(*details, "line_items");
  const auto lines = lines_element ? as_array(*lines_element) : std::nullopt;
  if (lines) {
    for (json_element e : *lines) {
      const auto line = as_object(e);
      const auto unit = line ? object_at(*line, "unit_totals") : std::nullopt;
      const auto price = unit ? amount_at(*unit, "subtotal", *currency) : std::nullopt;
      if (!price || *price < 0) {
        whole = false;
        break;
      }
      line_item li;
      li.quantity = std::max<int64_t>(1, integer_field(*line, "quantity").value_or(1));
      const auto product = object_at(*line, "product");
      li.sku = std::string(product ? string_field(*product, "id").value_or("") : "");
      if (li.sku.empty()) li.sku = std::string(string_field(*line, "price_id").value_or("ITEM"));
      li.name = std::string(product ? string_field(*product, "name").value_or(li.sku) : li.sku);
      li.unit_price = *price;
      listed += li.unit_price * li.quantity;
      o.items.push_back(std::move(li));
    }
  }
  if (!lines || !whole || o.items.empty() || listed != *subtotal) {
    o.items.clear();
    o.items.push_back({"ORDER", "Transaction " + o.order_id, 1, *subtotal});
  }
  provider_reading r;
  r.answer.code = "paid";
  r.orders.push_back(std::move(o));
  return r;
}

provider_reading read_adjustment(json_object adj) {
  const auto action = string_field(adj, "action").value_or("");
  if (action != "refund" && action != "chargeback")
    return ignored_reading("a " + std::string(action) + " adjustment returns no money: nothing to send");
  if (string_field(adj, "status") != std::optional<std::string_view>("approved"))
    return ignored_reading("the adjustment is not approved (yet): adjustment.updated follows when it is");
  const auto id = string_field(adj, "id");
  const auto transaction = string_field(adj, "transaction_id");
  const auto currency = string_field(adj, "currency_code");
  const auto totals = object_at(adj, "totals");
  if (!id || !transaction || transaction->empty() || transaction->size() > max_order_id_length || !currency || !totals)
    return unreadable_reading("a Paddle adjustment needs id, transaction_id, currency_code and totals");
  const auto amount = amount_at(*totals, "subtotal", *currency);
  if (!amount || *amount <= 0) return unreadable_reading("the adjustment's totals.subtotal is not an amount");
  order_event o;
  o.order_id = std::string(*transaction);
  o.order_key = o.order_id;
  o.status = order_status::refunded;
  o.currency = std::string(*currency);
  const auto updated = time_field(adj, "updated_at");
  o.created_at = updated ? *updated : time_field(adj, "created_at").value_or(0);
  o.refund_id = std::string(*id);
  o.refund_amount = *amount;
  provider_reading r;
  r.answer.code = "refunded";
  r.orders.push_back(std::move(o));
  return r;
}

}  // namespace

error_code verify_paddle_signature(std::string_view header, std::string_view body, std::string_view secret,
                                   unix_seconds now, int64_t tolerance_seconds) {
  return verify_timestamped_hmac(header, body, secret, now, tolerance_seconds, {';', "ts=", "h1=", ':'});
}

std::string paddle_custom_data(std::string_view reference) {
  json_writer out;
  out.begin_object().member("edgepost_attribution", reference).end_object();
  return out.take();
}

provider_reading read_paddle_event(std::string_view body) {
  json_document doc;
  if (!doc.parse(body)) return unreadable_reading("the body is not valid JSON");
  const auto event = as_object(doc.root());
  const auto type = event ? string_field(*event, "event_type") : std::nullopt;
  const auto data = event ? object_at(*event, "data") : std::nullopt;
  if (!type || !data) return unreadable_reading("a Paddle notification needs event_type and data");
  if (*type == "transaction.completed") return read_completed_transaction(*data);
  if (*type == "adjustment.created" || *type == "adjustment.updated") return read_adjustment(*data);
  return ignored_reading("edgepost does not use " + std::string(*type) + " notifications");
}

}  // namespace edgepost
