#include "networks/rakuten/rakuten_postback.h"

#include <charconv>
#include <optional>
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

// One line of the lists, its values already encoded as they go into the URL.
struct encoded_line {
  std::string sku, quantity, amount, name;
  int64_t quantity_value = 0;
  int64_t amount_value = 0;
  size_t length() const { return sku.size() + quantity.size() + amount.size() + name.size(); }
};

encoded_line encode_line(std::string_view sku, std::string_view name, int64_t quantity, int64_t amount) {
  encoded_line l;
  append_uri_component(l.sku, sku);
  append_integer(l.quantity, quantity);
  append_integer(l.amount, amount);
  append_uri_component(l.name, name);
  l.quantity_value = quantity;
  l.amount_value = amount;
  return l;
}

// Keeps the first lines and merges the rest into one, as few as needed for the URL to fit in
// `room` characters of list text. Amounts are merged as sent (already rounded per line), so the
// amtlist adds up to the same total. nullopt when not even one merged line fits.
std::optional<std::vector<encoded_line>> fit_lines(std::vector<encoded_line> lines, size_t room) {
  // Each list has one '|' per line after the first: 4 separators a line.
  auto lists_length = [](size_t characters, size_t count) { return characters + (count > 0 ? 4 * (count - 1) : 0); };
  size_t all = 0;
  for (const auto& l : lines) all += l.length();
  if (lists_length(all, lines.size()) <= room) return lines;
  std::vector<size_t> prefix(lines.size() + 1, 0);
  for (size_t i = 0; i < lines.size(); ++i) prefix[i + 1] = prefix[i] + lines[i].length();
  int64_t rest_quantity = 0, rest_amount = 0;
  for (size_t keep = lines.size(); keep-- > 0;) {
    rest_quantity += lines[keep].quantity_value;
    rest_amount += lines[keep].amount_value;
    encoded_line merged = encode_line(merged_lines_sku, merged_lines_name, rest_quantity, rest_amount);
    if (lists_length(prefix[keep] + merged.length(), keep + 1) <= room) {
      lines.resize(keep);
      lines.push_back(std::move(merged));
      return lines;
    }
  }
  return std::nullopt;
}

}  // namespace

result<std::string> build_postback_url(const config& settings, const conversion& c) {
  std::vector<merged_line> merged;
  if (auto e = merge_by_sku(c.items).get(merged); e != error_code::success) return e;
  const bool spread = settings.discounts == discount_reporting::spread_over_lines;
  if (spread) {
    if (auto e = spread_discount(merged, c.discount); e != error_code::success) return e;
  }
  const bool without_cents = settings.sends_without_cents(c.currency);
  const int64_t sign = c.kind == conversion_kind::sale ? 1 : -1;

  std::vector<encoded_line> lines;
  lines.reserve(merged.size());
  for (const auto& l : merged)
    lines.push_back(encode_line(l.sku, l.name, l.quantity, sign * to_rakuten_amount(l.total, without_cents)));
  std::optional<encoded_line> discount_line;
  if (!spread && c.discount > 0)
    discount_line = encode_line("DISCOUNT", "DISCOUNT", 0, -sign * to_rakuten_amount(c.discount, without_cents));

  std::string url = settings.rakuten_endpoint;
  url.append(url.find('?') == std::string::npos ? "?" : "&");
  url.append("mid=");
  append_uri_component(url, settings.rakuten_mid);
  append_parameter(url, "ord", c.order_id);
  append_parameter(url, "tr", c.attributed_click.site_id);
  append_parameter(url, "land", format_rakuten_time(c.attributed_click.landed_at));
  append_parameter(url, "date", format_rakuten_time(c.date));
  append_parameter(url, "cur", c.currency);
  constexpr std::string_view list_names = "&skulist=&qlist=&amtlist=&namelist=&xml=1";
  const size_t fixed = url.size() + list_names.size() + (discount_line ? discount_line->length() + 4 : 0);
  if (fixed >= max_postback_url_length) return error_code::too_large;
  auto fitted = fit_lines(std::move(lines), max_postback_url_length - fixed);
  if (!fitted) return error_code::too_large;
  if (discount_line) fitted->push_back(std::move(*discount_line));

  // The lists are already encoded element by element; '|' stays literal, as in Rakuten's tag.
  auto append_list = [&](std::string_view name, std::string encoded_line::*part) {
    url.append("&").append(name).append("=");
    for (size_t i = 0; i < fitted->size(); ++i) {
      if (i > 0) url += '|';
      url.append((*fitted)[i].*part);
    }
  };
  append_list("skulist", &encoded_line::sku);
  append_list("qlist", &encoded_line::quantity);
  append_list("amtlist", &encoded_line::amount);
  append_list("namelist", &encoded_line::name);
  url.append("&xml=1");
  return url;
}

}  // namespace edgepost
