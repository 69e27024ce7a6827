#include "model/items_fetch.h"

#include "encoding/json_writer.h"
#include "model/order_codec.h"

namespace edgepost {
namespace {

// Bounds of edgepost's own writing: a fetch reads at most a few pages, and its failures are bounded
// by RETRY_SCHEDULE.
constexpr int64_t max_stored_pages = 1000;
constexpr int64_t max_stored_failures = 1000;

}  // namespace

void write_items_fetch(json_writer& out, const items_fetch& f) {
  out.begin_object();
  out.member("source_id", f.source_id).member("url", f.url);
  out.key("fetched");
  write_line_items(out, f.fetched);
  out.member("pages", f.pages).member("failures", f.failures);
  out.member("next_at", f.next_at).member("in_flight_since", f.in_flight_since);
  out.member("provider", f.provider);
  out.end_object();
}

std::optional<items_fetch> read_items_fetch(json_element element) {
  const auto o = as_object(element);
  if (!o) return std::nullopt;
  items_fetch f;
  const auto source_id = string_field(*o, "source_id");
  const auto url = string_field(*o, "url");
  if (!source_id || !url) return std::nullopt;
  f.source_id = std::string(*source_id);
  f.url = std::string(*url);
  // Stored before a provider was named: only Stripe's lines were read then.
  if (const auto provider = string_field(*o, "provider")) f.provider = std::string(*provider);
  if (const auto fetched = field(*o, "fetched"))
    if (read_line_items(*fetched, f.fetched) != error_code::success) return std::nullopt;
  f.pages = integer_field(*o, "pages").value_or(0);
  f.failures = integer_field(*o, "failures").value_or(0);
  if (f.pages < 0 || f.pages > max_stored_pages || f.failures < 0 || f.failures > max_stored_failures) return std::nullopt;
  if (!read_stored_time(*o, "next_at", f.next_at) || !read_stored_time(*o, "in_flight_since", f.in_flight_since)) return std::nullopt;
  return f;
}

}  // namespace edgepost
