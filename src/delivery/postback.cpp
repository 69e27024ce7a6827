#include "delivery/postback.h"

#include <charconv>
#include <string_view>
#include <unordered_map>

#include "encoding/percent_encoding.h"

namespace edgepost {
namespace {

void append_integer(std::string& out, int64_t value) {
  char digits[24];
  out.append(digits, std::to_chars(digits, digits + sizeof digits, value).ptr);
}

// 128-bit intermediate for discount × line total (each up to ~10^19 micro-units squared).
__extension__ typedef __int128 wide_integer;

struct merged_line {
  std::string_view sku;
  std::string_view name;
  int64_t quantity = 0;
  micros total = 0;
};

// Rakuten's tag merges repeated SKUs (quantities and totals added), first occurrence first. The
// index keeps this linear in the number of lines.
result<std::vector<merged_line>> merge_by_sku(const std::vector<line_item>& items) {
  std::vector<merged_line> lines;
  lines.reserve(items.size());
  std::unordered_map<std::string_view, size_t> index_of_sku;
  index_of_sku.reserve(items.size());
  for (const auto& item : items) {
    micros line_total = 0;
    if (multiply_amount(item.unit_price, item.quantity).get(line_total) != error_code::success)
      return error_code::amount_out_of_range;
    const auto [it, inserted] = index_of_sku.try_emplace(item.sku, lines.size());
    merged_line* existing = inserted ? nullptr : &lines[it->second];
    if (existing) {
      if (__builtin_add_overflow(existing->total, line_total, &existing->total)) return error_code::amount_out_of_range;
      existing->quantity += item.quantity;
    } else {
      lines.push_back({item.sku, item.name, item.quantity, line_total});
    }
  }
  return lines;
}

// Shares the discount in proportion to line totals; the last line takes what rounding left,
// so the discounted lines add up to exactly total − discount.
error_code spread_discount(std::vector<merged_line>& lines, micros discount) {
  micros total = 0;
  for (const auto& l : lines)
    if (__builtin_add_overflow(total, l.total, &total)) return error_code::amount_out_of_range;
  if (total <= 0 || discount <= 0) return error_code::success;
  micros remaining = discount;
  for (size_t i = 0; i < lines.size(); ++i) {
    const micros share = i + 1 == lines.size()
                             ? remaining
                             : static_cast<micros>(static_cast<wide_integer>(discount) * lines[i].total / total);
    lines[i].total -= share;
    remaining -= share;
  }
  return error_code::success;
}

void append_parameter(std::string& url, std::string_view name, std::string_view value) {
  url.append("&").append(name).append("=");
  append_uri_component(url, value);
}

}  // namespace

result<std::string> build_postback_url(const config& settings, const conversion& c) {
  std::vector<merged_line> lines;
  if (auto e = merge_by_sku(c.items).get(lines); e != error_code::success) return e;
  const bool spread = settings.discounts == discount_reporting::spread_over_lines;
  if (spread) {
    if (auto e = spread_discount(lines, c.discount); e != error_code::success) return e;
  }
  const bool without_cents = settings.sends_without_cents(c.currency);
  const int64_t sign = c.kind == conversion_kind::sale ? 1 : -1;

  std::string skus, quantities, amounts, names;
  auto add_line = [&](std::string_view sku, std::string_view name, int64_t quantity, int64_t amount) {
    if (!skus.empty()) {
      skus += '|';
      quantities += '|';
      amounts += '|';
      names += '|';
    }
    append_uri_component(skus, sku);
    append_integer(quantities, quantity);
    append_integer(amounts, amount);
    append_uri_component(names, name);
  };
  for (const auto& l : lines) add_line(l.sku, l.name, l.quantity, sign * to_rakuten_amount(l.total, without_cents));
  if (!spread && c.discount > 0)
    add_line("DISCOUNT", "DISCOUNT", 0, -sign * to_rakuten_amount(c.discount, without_cents));

  std::string url = settings.rakuten_endpoint;
  url.append(url.find('?') == std::string::npos ? "?" : "&");
  url.append("mid=");
  append_uri_component(url, settings.rakuten_mid);
  append_parameter(url, "ord", c.order_id);
  append_parameter(url, "tr", c.attributed_click.site_id);
  append_parameter(url, "land", format_rakuten_time(c.attributed_click.landed_at));
  append_parameter(url, "date", format_rakuten_time(c.date));
  append_parameter(url, "cur", c.currency);
  // The lists are already encoded element by element; '|' stays literal, as in Rakuten's tag.
  url.append("&skulist=").append(skus);
  url.append("&qlist=").append(quantities);
  url.append("&amtlist=").append(amounts);
  url.append("&namelist=").append(names);
  url.append("&xml=1");
  return url;
}

}  // namespace edgepost
