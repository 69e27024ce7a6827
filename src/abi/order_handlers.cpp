#include "abi/handlers.h"
#include "attribution/join_keys.h"
#include "encoding/json_writer.h"
#include "machine/order_step.h"
#include "model/arrival_codec.h"
#include "model/order_codec.h"
#include "model/order_record.h"
#include "providers/provider_table.h"

namespace edgepost::abi {
namespace {

// Every order operation starts from the stored record, at a time, with a random value for jitter.
struct order_input {
  order_record record;
  unix_seconds now = 0;
  uint32_t jitter = 0;
};
// The order_* operations share their first three fields, read by order_view's names below.
consteval bool starts_like_order_view(std::string_view name) {
  return index_of(name, "now") == 0 && index_of(name, "random") == 1 && index_of(name, "record") == 2;
}
static_assert(starts_like_order_view("order_arrived") && starts_like_order_view("order_clicks") &&
              starts_like_order_view("order_click") && starts_like_order_view("order_alarm") &&
              starts_like_order_view("order_attempt") && starts_like_order_view("order_items") &&
              starts_like_order_view("order_requeue") && starts_like_order_view("order_view"));

std::optional<core_answer> read_order_input(const call_fields& f, order_input& in) {
  const auto now = integer(FIELD("order_view", "now"));
  const auto random = integer(FIELD("order_view", "random"));
  if (!now || !random) return bad_call("the order event's time or random value is not an integer");
  in.now = *now;
  in.jitter = static_cast<uint32_t>(*random);
  const std::string_view stored = FIELD("order_view", "record");
  if (!stored.empty() && read_order_record(stored).get(in.record) != error_code::success)
    return core_answer{-1, error_body("corrupt_record", "the stored order record could not be read")};
  return std::nullopt;
}

#define ORDER_STEP(kind, effects)                                                    \
  order_input in;                                                                    \
  if (auto refused = read_order_input(f, in)) return std::move(*refused);            \
  return answer_order_step(in.record, effects, order_step_kind::kind, settings(), in.now)

}  // namespace

core_answer order_arrived(const call_fields& f) {
  order_arrival arrival;
  if (read_arrival(FIELD("order_arrived", "arrival")).get(arrival) != error_code::success)
    return {-1, error_body("bad_arrival", "the order handed to its shard could not be read")};
  ORDER_STEP(arrived, on_order(in.record, arrival, settings(), in.now));
}

core_answer order_clicks(const call_fields& f) {
  std::vector<click> found;
  json_document doc;
  const auto list = doc.parse(FIELD("order_clicks", "clicks")) ? as_array(doc.root()) : std::nullopt;
  if (!list) return bad_call("the clicks are not a JSON array");
  for (json_element element : *list) {
    const auto c = read_click(element);
    if (!c) return bad_call("a click handed to the shard could not be read");
    found.push_back(*c);
  }
  ORDER_STEP(clicks, on_join_clicks(in.record, found, settings(), in.now));
}

core_answer order_click(const call_fields& f) {
  click c;
  if (read_click(FIELD("order_click", "click")).get(c) != error_code::success)
    return {-1, error_body("bad_click", "the click handed to the shard could not be read")};
  ORDER_STEP(click, on_click(in.record, c, FIELD("order_click", "source"), settings(), in.now));
}

core_answer order_alarm(const call_fields& f) { ORDER_STEP(alarm, on_alarm(in.record, settings(), in.now)); }
core_answer order_requeue(const call_fields& f) { ORDER_STEP(requeue, on_requeue(in.record, settings(), in.now)); }
core_answer order_view(const call_fields& f) { ORDER_STEP(view, machine_effects{}); }

core_answer order_attempt(const call_fields& f) {
  const auto attempt = integer(FIELD("order_attempt", "attempt"));
  const auto status = http_status(FIELD("order_attempt", "status"));
  if (!attempt || !status) return bad_call("the attempt's identity or HTTP status is not an integer");
  ORDER_STEP(attempt, on_attempt_result(in.record, FIELD("order_attempt", "delivery"), *attempt, *status,
                                        FIELD("order_attempt", "body"), FIELD("order_attempt", "retry_after"), settings(),
                                        in.now, in.jitter));
}

core_answer order_items(const call_fields& f) {
  const auto attempt = integer(FIELD("order_items", "attempt"));
  const auto status = http_status(FIELD("order_items", "status"));
  if (!attempt || !status) return bad_call("the read's identity or HTTP status is not an integer");
  ORDER_STEP(items, on_items_read(in.record, *attempt, *status, FIELD("order_items", "body"), settings(), in.now, in.jitter));
}

core_answer join_click(const call_fields& f) {
  const auto now = integer(FIELD("join_click", "now"));
  const auto optional_time = [](std::string_view text) -> std::optional<std::optional<int64_t>> {
    if (text.empty()) return std::optional<int64_t>{};
    const auto value = integer(text);
    if (!value) return std::nullopt;
    return std::optional<int64_t>{*value};
  };
  const auto stored = optional_time(FIELD("join_click", "stored_expires_at"));
  const auto waiting = optional_time(FIELD("join_click", "waiting_since"));
  const auto click_keys = integer(FIELD("join_click", "click_keys"));
  const auto shard_keys = integer(FIELD("join_click", "shard_keys"));
  if (!now || !stored || !waiting || !click_keys || !shard_keys) return bad_call("the join key's times or counts are not integers");
  const join_key_decision d = decide_join_key(
      {*stored, *waiting, join_key_window_after_order(FIELD("join_click", "key"), settings()), *click_keys, *shard_keys}, *now);
  switch (d.verdict) {
    case join_key_verdict::takes:
      return {1, {}};
    case join_key_verdict::kept:
      return {0, {}};
    case join_key_verdict::refused:
      break;
  }
  json_writer out;
  out.begin_object().member("refused", d.why).end_object();
  return {2, out.take()};
}

}  // namespace edgepost::abi
