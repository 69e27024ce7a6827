#include "intake/provider_order_limits.h"

#include <string>

namespace edgepost {
namespace {

// Cuts at most `limit` bytes without splitting a UTF-8 sequence (continuation bytes are 10xxxxxx).
void cut_text(std::string& text, size_t limit) {
  if (text.size() <= limit) return;
  size_t end = limit;
  while (end > 0 && (static_cast<unsigned char>(text[end]) & 0xC0) == 0x80) --end;
  text.resize(end);
}

reply refuse(std::string message) { return refusal(400, "invalid_field", std::move(message)); }

}  // namespace

reply fit_provider_order(order_event& o) {
  // A refund may name its order by the provider's key alone (Shopify's refunds carry no order number).
  const bool keyed_only = o.status != order_status::paid && o.order_id.empty() && !o.order_key.empty();
  if (!keyed_only && !is_valid_order_id(o.order_id))
    return refuse("the order's number is not 1 to 40 characters without blanks, so Rakuten cannot be told of it");
  if (o.order_key.empty()) o.order_key = o.order_id;
  if (o.order_key.size() > max_order_key_length) return refuse("the order's id is over 128 characters");
  if (o.currency.size() != 3) return refuse("the order's currency is not a three-letter ISO 4217 code");
  for (char& c : o.currency) {
    if (c >= 'a' && c <= 'z') c = static_cast<char>(c - 'a' + 'A');
    if (c < 'A' || c > 'Z') return refuse("the order's currency is not a three-letter ISO 4217 code");
  }
  if (o.status == order_status::refunded && (o.refund_id.empty() || o.refund_id.size() > max_refund_id_length))
    return refuse("the refund's id is not 1 to 128 characters");

  if (reply fitted = fit_provider_lines(o.items); fitted.is_refusal()) return fitted;
  if (o.status == order_status::paid && o.items.empty() && o.alias_of.empty())
    return refuse("the order has no line with a quantity");
  return reply{};
}

reply fit_provider_lines(std::vector<line_item>& items) {
  std::vector<line_item> kept;
  kept.reserve(items.size());
  for (auto& item : items) {
    if (item.quantity == 0) continue;
    if (item.quantity < 0 || item.quantity > max_quantity)
      return refuse("a line's quantity is not a whole number from 1 to 1000000");
    if (item.unit_price < 0) return refuse("a line's unit price is negative");
    micros line_total = 0;
    if (multiply_amount(item.unit_price, item.quantity).get(line_total) != error_code::success)
      return refusal(400, "amount_out_of_range", "a line's unit price times its quantity is too large");
    cut_text(item.sku, max_provider_text_bytes);
    cut_text(item.name, max_provider_text_bytes);
    kept.push_back(std::move(item));
  }
  if (kept.size() > max_line_items) {
    micros rest = 0;
    for (size_t i = max_line_items - 1; i < kept.size(); ++i) {
      micros line_total = 0;
      if (multiply_amount(kept[i].unit_price, kept[i].quantity).get(line_total) != error_code::success ||
          __builtin_add_overflow(rest, line_total, &rest))
        return refusal(400, "amount_out_of_range", "the order's total is too large");
    }
    kept.resize(max_line_items - 1);
    kept.push_back(line_item{std::string(merged_lines_sku), std::string(merged_lines_name), 1, rest});
  }
  items = std::move(kept);
  return reply{};
}

}  // namespace edgepost
