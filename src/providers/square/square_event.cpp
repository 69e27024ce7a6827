#include "providers/square/square_event.h"

#include <string>

#include "attribution/reference_token.h"
#include "encoding/json_reader.h"
#include "providers/provider_signatures.h"
#include "providers/square/square_money.h"

namespace edgepost {
namespace {

// The order a payment or refund belongs to: its Square order, else the payment itself.
std::optional<std::string_view> order_of(json_object o, std::string_view payment_id_field) {
  auto id = string_field(o, "order_id");
  if (!id || id->empty()) id = string_field(o, payment_id_field);
  if (!id || id->empty() || id->size() > max_order_id_length) return std::nullopt;
  return id;
}

bool is_token_character(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' || c == '-' || c == '.';
}

// The first word of the note that is the click: the attribution reference (ep1_…, ep2_…) or the
// cookie's own value (v1.…, v2.…); a sentence's full stop after it is not part of it.
std::string attribution_in_note(std::string_view note) {
  size_t at = 0;
  while (at < note.size()) {
    while (at < note.size() && !is_token_character(note[at])) ++at;
    size_t end = at;
    while (end < note.size() && is_token_character(note[end])) ++end;
    std::string_view word = note.substr(at, end - at);
    while (!word.empty() && word.back() == '.') word.remove_suffix(1);
    if (std::string token = attribution_token_from_reference(word); !token.empty()) return token;
    if (word.starts_with("v1.") || word.starts_with("v2.")) return std::string(word);
    at = end;
  }
  return {};
}

provider_reading read_payment(json_object payment) {
  if (string_field(payment, "status") != std::optional<std::string_view>("COMPLETED"))
    return ignored_reading("the payment is not COMPLETED (yet): an update follows when it is");
  const auto order_id = order_of(payment, "id");
  const auto amount = money_at(payment, "amount_money");
  if (!order_id || !amount) return unreadable_reading("a Square payment needs id (or order_id) and amount_money");
  if (amount->amount == 0) return ignored_reading("a $0 payment is never a sale");
  order_event o;
  o.order_id = std::string(*order_id);
  o.order_key = o.order_id;
  o.status = order_status::paid;
  o.currency = amount->currency;
  o.created_at = time_field(payment, "created_at").value_or(0);
  o.items.push_back({"ORDER", "Square order " + o.order_id, 1, amount->amount});
  if (const auto note = string_field(payment, "note")) o.attribution = attribution_in_note(*note);
  provider_reading r;
  r.answer.code = "paid";
  if (const auto square_order = string_field(payment, "order_id"); square_order && !square_order->empty()) {
    r.items_source = std::string(*square_order);
    // Refunds name the payment for sure (their order_id may be a return's): the payment is another
    // name of the sale.
    if (auto alias = another_name_of(o.order_id, string_field(payment, "id").value_or(""), o.currency, o.created_at))
      r.orders.push_back(std::move(*alias));
  }
  r.orders.push_back(std::move(o));
  return r;
}

provider_reading read_refund(json_object refund) {
  if (string_field(refund, "status") != std::optional<std::string_view>("COMPLETED"))
    return ignored_reading("the refund is not COMPLETED (yet): refund.updated follows when it is");
  const auto id = string_field(refund, "id");
  // The payment it refunds: the sale itself, or another name of it (read_payment).
  auto order_id = string_field(refund, "payment_id");
  if (!order_id || order_id->empty() || order_id->size() > max_order_id_length) order_id = order_of(refund, "payment_id");
  const auto amount = money_at(refund, "amount_money");
  if (!id || id->empty() || !order_id || !amount || amount->amount <= 0)
    return unreadable_reading("a Square refund needs id, payment_id (or order_id) and a positive amount_money");
  order_event o;
  o.order_id = std::string(*order_id);
  o.order_key = o.order_id;
  o.status = order_status::refunded;
  o.currency = amount->currency;
  const auto updated = time_field(refund, "updated_at");
  o.created_at = updated ? *updated : time_field(refund, "created_at").value_or(0);
  o.refund_id = std::string(*id);
  o.refund_amount = amount->amount;
  provider_reading r;
  r.answer.code = "refunded";
  r.orders.push_back(std::move(o));
  return r;
}

}  // namespace

error_code verify_square_signature(std::string_view header, std::string_view url, std::string_view body,
                                   std::string_view secret) {
  std::string signed_text;
  signed_text.reserve(url.size() + body.size());
  signed_text.append(url).append(body);
  return verify_base64_body_hmac(header, signed_text, secret);
}

provider_reading read_square_event(std::string_view body) {
  json_document doc;
  if (!doc.parse(body)) return unreadable_reading("the body is not valid JSON");
  const auto event = as_object(doc.root());
  const auto type = event ? string_field(*event, "type") : std::nullopt;
  const auto data_element = event ? field(*event, "data") : std::nullopt;
  const auto data = data_element ? as_object(*data_element) : std::nullopt;
  const auto object_element = data ? field(*data, "object") : std::nullopt;
  const auto object = object_element ? as_object(*object_element) : std::nullopt;
  if (!type || !object) return unreadable_reading("a Square event needs type and data.object");
  const auto inner = [&](std::string_view name) -> std::optional<json_object> {
    const auto e = field(*object, name);
    return e ? as_object(*e) : std::nullopt;
  };
  if (*type == "payment.updated") {
    const auto payment = inner("payment");
    return payment ? read_payment(*payment) : unreadable_reading("payment.updated needs data.object.payment");
  }
  if (*type == "refund.created" || *type == "refund.updated") {
    const auto refund = inner("refund");
    return refund ? read_refund(*refund) : unreadable_reading("a refund event needs data.object.refund");
  }
  return ignored_reading("edgepost does not use " + std::string(*type) + " events");
}

}  // namespace edgepost
