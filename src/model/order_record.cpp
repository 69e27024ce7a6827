#include "model/order_record.h"

#include "encoding/json_reader.h"
#include "encoding/json_writer.h"
#include "model/order_codec.h"

namespace edgepost {
namespace {

constexpr std::string_view state_names[] = {"queued", "held", "accepted", "rejected", "dead", "shadowed", "withdrawn"};

void write_delivery(json_writer& out, const delivery& d) {
  out.begin_object();
  out.member("id", d.id);
  if (!d.network.empty()) out.member("network", d.network);
  if (!d.method.empty()) out.member("method", d.method);
  out.member("url", d.url);
  if (!d.body.empty()) out.member("content_type", d.content_type).member("body", d.body);
  out.member("state", delivery_state_name(d.state));
  out.member("created_at", d.created_at).member("next_at", d.next_at);
  out.member("in_flight_since", d.in_flight_since).member("attempts_in_round", d.attempts_in_round);
  out.key("attempts").begin_array();
  for (const auto& a : d.attempts) {
    out.begin_object();
    out.member("at", a.at).member("status", static_cast<int64_t>(a.status));
    out.member("verdict", a.verdict).member("detail", a.detail);
    out.end_object();
  }
  out.end_array();
  out.end_object();
}

// Counters edgepost keeps: attempts per round are bounded by the retry schedule, and a revision grows
// by one per change (10^12 is a change a millisecond for thirty years). Anything beyond is not
// edgepost's writing, and would overflow when counted on.
constexpr int64_t max_stored_count = 1'000'000'000;
constexpr int64_t max_stored_revision = 1'000'000'000'000;

bool read_delivery(json_object o, delivery& d) {
  const auto id = string_field(o, "id");
  const auto url = string_field(o, "url");
  const auto state = string_field(o, "state");
  if (!id || !url || !state) return false;
  const auto s = delivery_state_from_name(*state);
  if (!s) return false;
  d.id = std::string(*id);
  d.url = std::string(*url);
  d.network = std::string(string_field(o, "network").value_or(""));
  d.method = std::string(string_field(o, "method").value_or(""));
  d.content_type = std::string(string_field(o, "content_type").value_or(""));
  d.body = std::string(string_field(o, "body").value_or(""));
  d.state = *s;
  if (!read_stored_time(o, "created_at", d.created_at) || !read_stored_time(o, "next_at", d.next_at) ||
      !read_stored_time(o, "in_flight_since", d.in_flight_since))
    return false;
  d.attempts_in_round = integer_field(o, "attempts_in_round").value_or(0);
  if (d.attempts_in_round < 0 || d.attempts_in_round > max_stored_count) return false;
  if (const auto list = field(o, "attempts")) {
    const auto attempts = as_array(*list);
    if (!attempts) return false;
    for (json_element e : *attempts) {
      const auto a = as_object(e);
      if (!a) return false;
      attempt at;
      if (!read_stored_time(*a, "at", at.at)) return false;
      at.status = static_cast<int>(integer_field(*a, "status").value_or(0));
      at.verdict = std::string(string_field(*a, "verdict").value_or(""));
      at.detail = std::string(string_field(*a, "detail").value_or(""));
      d.attempts.push_back(std::move(at));
    }
  }
  return true;
}

}  // namespace

std::string_view delivery_state_name(delivery_state s) { return state_names[static_cast<int>(s)]; }

std::optional<delivery_state> delivery_state_from_name(std::string_view name) {
  for (size_t i = 0; i < std::size(state_names); ++i)
    if (state_names[i] == name) return static_cast<delivery_state>(i);
  return std::nullopt;
}

std::string_view attribution_state_name(attribution_state s) {
  switch (s) {
    case attribution_state::waiting_for_click: return "waiting_for_click";
    case attribution_state::attributed: return "attributed";
    case attribution_state::unattributed: return "unattributed";
  }
  return "unknown";
}

std::string adjustment_delivery_id(const order_event& adjustment) {
  return adjustment.status == order_status::cancelled ? std::string("cancel") : "refund:" + adjustment.refund_id;
}

delivery* order_record::find(std::string_view id) {
  for (auto& d : deliveries)
    if (d.id == id) return &d;
  return nullptr;
}
const delivery* order_record::find(std::string_view id) const {
  for (const auto& d : deliveries)
    if (d.id == id) return &d;
  return nullptr;
}

std::string write_order_record(const order_record& r) {
  json_writer out;
  out.begin_object();
  out.member("v", order_record_schema_version);
  out.member("order_id", r.order_id).member("order_key", r.order_key);
  out.member("revision", r.revision).member("received_at", r.received_at);
  if (r.sale) {
    out.key("sale");
    write_order_event(out, *r.sale);
  }
  if (r.attributed_click) {
    out.key("click");
    write_click(out, *r.attributed_click);
    out.member("click_source", r.click_source);
  }
  if (!r.arbitration.empty()) {
    out.key("clicks").begin_array();
    for (const auto& ranked : r.arbitration) {
      out.begin_object().member("outcome", ranked.outcome).key("click");
      write_click(out, ranked.c);
      out.end_object();
    }
    out.end_array();
  }
  out.member("attribution", attribution_state_name(r.attribution));
  if (r.fallback_click) {
    out.key("fallback_click");
    write_click(out, *r.fallback_click);
  }
  out.member("click_deadline", r.click_deadline);
  out.key("deliveries").begin_array();
  for (const auto& d : r.deliveries) write_delivery(out, d);
  out.end_array();
  out.key("adjustments").begin_array();
  for (const auto& a : r.adjustments) write_order_event(out, a);
  out.end_array();
  if (r.items_pending) {
    out.key("items_pending");
    write_items_fetch(out, *r.items_pending);
  }
  if (!r.items_note.empty()) out.member("items_note", r.items_note);
  if (!r.trial_paid_by.empty()) out.member("trial_paid_by", r.trial_paid_by);
  if (!r.alias_of.empty()) out.member("alias_of", r.alias_of);
  out.end_object();
  return out.take();
}

result<order_record> read_order_record(std::string_view json) {
  json_document doc;
  if (!doc.parse(json)) return error_code::malformed_json;
  const auto root = as_object(doc.root());
  if (!root) return error_code::malformed_json;
  // A record written by a newer edgepost is not guessed at (README, "Storage").
  if (integer_field(*root, "v").value_or(order_record_schema_version) != order_record_schema_version)
    return error_code::invalid_field;
  order_record r;
  // Every stored record names its order: the machine stores nothing before an order has arrived.
  r.order_id = std::string(string_field(*root, "order_id").value_or(""));
  if (r.order_id.empty()) return error_code::missing_field;
  r.revision = integer_field(*root, "revision").value_or(0);
  if (!read_stored_time(*root, "received_at", r.received_at) || r.revision < 0 || r.revision > max_stored_revision)
    return error_code::invalid_field;
  r.order_key = std::string(string_field(*root, "order_key").value_or(r.order_id));
  if (const auto c = field(*root, "fallback_click")) {
    if (!as_object(*c)) return error_code::malformed_json;
    r.fallback_click = read_click(*c);
  }
  if (const auto sale = field(*root, "sale")) {
    order_event o;
    if (read_order_event(*sale).get(o) != error_code::success) return error_code::malformed_json;
    r.sale = std::move(o);
  }
  if (const auto c = field(*root, "click")) {
    r.attributed_click = read_click(*c);
    if (!r.attributed_click) return error_code::malformed_json;
    r.click_source = std::string(string_field(*root, "click_source").value_or(""));
  }
  if (const auto list = field(*root, "clicks")) {
    const auto clicks = as_array(*list);
    if (!clicks) return error_code::malformed_json;
    for (json_element e : *clicks) {
      const auto o = as_object(e);
      const auto c = o ? field(*o, "click") : std::nullopt;
      auto read = c ? read_click(*c) : std::nullopt;
      if (!read || r.arbitration.size() >= max_clicks_per_order) return error_code::malformed_json;
      r.arbitration.push_back({std::move(*read), std::string(string_field(*o, "outcome").value_or(""))});
    }
  }
  const auto attribution = string_field(*root, "attribution").value_or("waiting_for_click");
  r.attribution = attribution == "attributed"     ? attribution_state::attributed
                  : attribution == "unattributed" ? attribution_state::unattributed
                                                  : attribution_state::waiting_for_click;
  if (!read_stored_time(*root, "click_deadline", r.click_deadline)) return error_code::invalid_field;
  if (const auto list = field(*root, "deliveries")) {
    const auto deliveries = as_array(*list);
    if (!deliveries) return error_code::malformed_json;
    for (json_element e : *deliveries) {
      const auto o = as_object(e);
      delivery d;
      if (!o || !read_delivery(*o, d)) return error_code::malformed_json;
      r.deliveries.push_back(std::move(d));
    }
  }
  if (const auto list = field(*root, "adjustments")) {
    const auto adjustments = as_array(*list);
    if (!adjustments) return error_code::malformed_json;
    for (json_element e : *adjustments) {
      order_event o;
      if (read_order_event(e).get(o) != error_code::success) return error_code::malformed_json;
      r.adjustments.push_back(std::move(o));
    }
  }
  if (const auto pending = field(*root, "items_pending")) {
    r.items_pending = read_items_fetch(*pending);
    if (!r.items_pending) return error_code::malformed_json;
  }
  r.items_note = std::string(string_field(*root, "items_note").value_or(""));
  r.trial_paid_by = std::string(string_field(*root, "trial_paid_by").value_or(""));
  r.alias_of = std::string(string_field(*root, "alias_of").value_or(""));
  return r;
}

}  // namespace edgepost
