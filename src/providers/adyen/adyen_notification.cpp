#include "providers/adyen/adyen_notification.h"

#include <charconv>
#include <string>
#include <vector>

#include "attribution/reference_token.h"
#include "crypto/crypto.h"
#include "encoding/base64.h"
#include "encoding/hex.h"
#include "encoding/json_reader.h"
#include "money/currency.h"

namespace edgepost {
namespace {

// Pieces of the click in the metadata: at most this many, of at most 80 characters each.
constexpr int max_attribution_pieces = 8;

std::optional<json_object> object_at(json_object o, std::string_view name) {
  const auto e = field(o, name);
  return e ? as_object(*e) : std::nullopt;
}

// The items of the batch, each its NotificationRequestItem; nullopt when the batch has another shape.
std::optional<std::vector<json_object>> items_of(json_document& doc, std::string_view body) {
  if (!doc.parse(body)) return std::nullopt;
  const auto root = as_object(doc.root());
  const auto list_element = root ? field(*root, "notificationItems") : std::nullopt;
  const auto list = list_element ? as_array(*list_element) : std::nullopt;
  if (!list) return std::nullopt;
  std::vector<json_object> items;
  for (json_element e : *list) {
    const auto wrapper = as_object(e);
    const auto item = wrapper ? object_at(*wrapper, "NotificationRequestItem") : std::nullopt;
    if (!item) return std::nullopt;
    items.push_back(*item);
  }
  if (items.empty()) return std::nullopt;
  return items;
}

std::string_view text_at(json_object o, std::string_view name) { return string_field(o, name).value_or(""); }

std::string signed_text(json_object item) {
  const auto amount = object_at(item, "amount");
  const auto value = amount ? integer_field(*amount, "value") : std::nullopt;
  std::string text;
  for (std::string_view part : {text_at(item, "pspReference"), text_at(item, "originalReference"),
                                text_at(item, "merchantAccountCode"), text_at(item, "merchantReference")})
    text.append(part).push_back(':');
  text.append(value ? std::to_string(*value) : "").push_back(':');
  text.append(amount ? text_at(*amount, "currency") : "").push_back(':');
  text.append(text_at(item, "eventCode")).push_back(':');
  text.append(text_at(item, "success"));
  return text;
}

bool is_valid_reference(std::string_view id) { return !id.empty() && id.size() <= max_order_id_length && is_valid_order_id(id); }

std::string order_key_of(std::string_view psp_reference) { return "adyen:" + std::string(psp_reference); }

std::optional<micros> minor_amount(std::string_view text, std::string_view currency) {
  int64_t minor = 0;
  if (text.empty() || std::from_chars(text.data(), text.data() + text.size(), minor).ptr != text.data() + text.size())
    return std::nullopt;
  micros v = 0;
  if (minor < 0 || micros_from_minor_units(minor, currency).get(v) != error_code::success) return std::nullopt;
  return v;
}

std::string attribution_in_metadata(json_object additional) {
  std::string joined;
  for (int piece = 1; piece <= max_attribution_pieces; ++piece) {
    const auto part = string_field(additional, "metadata.edgepost_" + std::to_string(piece));
    if (!part) break;
    joined.append(*part);
  }
  if (std::string token = attribution_token_from_reference(joined); !token.empty()) return token;
  return joined;  // the cookie's own form; the click's verification judges it
}

// One item's order event, or why it makes none (`why` set, nothing returned).
std::optional<order_event> read_item(json_object item, std::string& problem, std::string& why) {
  const std::string_view code = text_at(item, "eventCode");
  const std::string_view psp = text_at(item, "pspReference");
  if (code != "AUTHORISATION" && code != "REFUND" && code != "CANCELLATION") {
    why = "edgepost does not use " + std::string(code) + " notifications";
    return std::nullopt;
  }
  if (text_at(item, "success") != "true") {
    why = "an unsuccessful " + std::string(code) + " changes nothing";
    return std::nullopt;
  }
  const auto amount = object_at(item, "amount");
  const int64_t value = amount ? integer_field(*amount, "value").value_or(-1) : -1;
  const std::string currency(amount ? text_at(*amount, "currency") : "");
  micros total = 0;
  if (!is_valid_reference(psp) || value < 0 || micros_from_minor_units(value, currency).get(total) != error_code::success) {
    problem = "an Adyen " + std::string(code) + " needs pspReference and amount {value, currency}";
    return std::nullopt;
  }
  const auto created = time_field(item, "eventDate");
  order_event o;
  o.currency = currency;
  o.created_at = created.value_or(0);
  if (code == "AUTHORISATION") {
    if (total == 0) {
      why = "a zero-amount authorisation (a card check) is never a sale";
      return std::nullopt;
    }
    const std::string_view reference = text_at(item, "merchantReference");
    o.order_id = std::string(is_valid_reference(reference) ? reference : psp);
    o.order_key = order_key_of(psp);
    o.status = order_status::paid;
    micros subtotal = total;
    if (const auto additional = object_at(item, "additionalData")) {
      if (const auto given = string_field(*additional, "metadata.edgepost_subtotal")) {
        const auto parsed = minor_amount(*given, currency);
        if (!parsed) {
          problem = "metadata.edgepost_subtotal is not an amount in minor units";
          return std::nullopt;
        }
        subtotal = *parsed;
      }
      o.attribution = attribution_in_metadata(*additional);
    }
    o.items.push_back({"ORDER", "Payment " + o.order_id, 1, subtotal});
    return o;
  }
  const std::string_view original = text_at(item, "originalReference");
  if (!is_valid_reference(original)) {
    problem = "an Adyen " + std::string(code) + " needs the payment's originalReference";
    return std::nullopt;
  }
  o.order_key = order_key_of(original);
  if (code == "CANCELLATION") {
    o.status = order_status::cancelled;
    return o;
  }
  if (total == 0) {
    why = "a zero-amount refund changes nothing";
    return std::nullopt;
  }
  o.status = order_status::refunded;
  o.refund_id = std::string(psp);
  o.refund_amount = total;
  return o;
}

}  // namespace

error_code verify_adyen_notification(std::string_view body, std::string_view hex_key) {
  const auto key = decode_hex(hex_key);
  if (!key) return error_code::bad_signature;  // a key that is not hex cannot have signed anything
  json_document doc;
  const auto items = items_of(doc, body);
  if (!items) return error_code::missing_signature;
  for (json_object item : *items) {
    const auto additional = object_at(item, "additionalData");
    const auto signature = additional ? string_field(*additional, "hmacSignature") : std::nullopt;
    if (!signature || signature->empty()) return error_code::missing_signature;
    const sha256_digest mac = hmac_sha256(*key, signed_text(item));
    const std::string expected = base64_encode(
        std::string_view(reinterpret_cast<const char*>(mac.data()), mac.size()), base64_alphabet::standard);
    if (!equal_in_constant_time(*signature, expected)) return error_code::bad_signature;
  }
  return error_code::success;
}

provider_reading read_adyen_notification(std::string_view body) {
  json_document doc;
  const auto items = items_of(doc, body);
  if (!items) return unreadable_reading("an Adyen notification needs notificationItems of NotificationRequestItem");
  provider_reading r;
  std::string why;
  for (json_object item : *items) {
    std::string problem;
    auto o = read_item(item, problem, why);
    if (!problem.empty()) return unreadable_reading(std::move(problem));
    if (!o) continue;
    r.answer.code = o->status == order_status::paid ? "paid" : o->status == order_status::refunded ? "refunded" : "cancelled";
    r.orders.push_back(std::move(*o));
  }
  if (r.orders.empty()) return ignored_reading(why);
  return r;
}

}  // namespace edgepost
