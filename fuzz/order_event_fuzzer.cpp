// An order's stored record and every event kind on it: order <arrival>, clicks <JSON array>,
// click <click> <source>, alarm, attempt <delivery id> <attempt> <status> <Rakuten's body>
// <Retry-After>, items <attempt> <status> <the provider's page>, requeue, view.
// Fields: record, kind, then the kind's arguments. What must hold beyond the driver's checks: a
// record the core stores is one the core can read again (a stored record never poisons its order),
// and an event that reports a change has a record to store.
#include "abi_driver.h"

namespace {

// The "record" member of an order event's answer (a string), as the shell stores it; empty when
// absent or null.
std::string stored_record(const std::string& output) {
  static simdjson::dom::parser parser;
  std::string_view record;
  if (parser.parse(output)["record"].get(record) != simdjson::SUCCESS) return {};
  return std::string(record);
}

constexpr std::pair<std::string_view, std::string_view> kinds[] = {
    {"order", "order_arrived"}, {"clicks", "order_clicks"},   {"click", "order_click"},     {"alarm", "order_alarm"},
    {"attempt", "order_attempt"}, {"items", "order_items"},   {"requeue", "order_requeue"}, {"view", "order_view"},
};

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  fuzzing::configure_once();
  const auto f = fuzzing::split_fields(data, size, 7);
  // Each kind is its own operation, which takes its own arguments (abi/operations.h); the seeds
  // name the kinds.
  std::string_view operation;
  for (const auto& [kind, name] : kinds)
    if (f[1] == kind) operation = name;
  if (operation.empty()) return 0;
  const edgepost::abi::operation* op = edgepost::abi::find_operation(operation);
  std::vector<std::string> fields{fuzzing::now, "7", f[0]};
  for (size_t i = 3; i < edgepost::abi::field_count(op->fields); ++i) fields.push_back(f[i - 1]);
  const fuzzing::answer a = fuzzing::call_expecting_json(operation, fields);
  if (a.code == 1) {
    const std::string record = stored_record(a.output);
    if (record.empty()) fuzzing::finding("the event reports a change but has no record to store", a.output);
    if (fuzzing::call("order_view", {fuzzing::now, "7", record}).code < 0)
      fuzzing::finding("the core stored a record it cannot read back", a.output);
  }
  return 0;
}
