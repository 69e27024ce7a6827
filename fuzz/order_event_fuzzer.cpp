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

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  fuzzing::configure_once();
  const auto f = fuzzing::split_fields(data, size, 7);
  // Each kind takes its own arguments (the ABI refuses another count): order 1, clicks 1, click 2,
  // items 3, attempt 5.
  std::vector<std::string> fields{fuzzing::now, "7", f[0], f[1]};
  const size_t arguments = f[1] == "order" || f[1] == "clicks" ? 1 : f[1] == "click" ? 2 : f[1] == "items" ? 3 : f[1] == "attempt" ? 5 : 0;
  for (size_t i = 0; i < arguments; ++i) fields.push_back(f[2 + i]);
  const fuzzing::answer a = fuzzing::call_expecting_json(fuzzing::order_event, fields);
  if (a.code == 1) {
    const std::string record = stored_record(a.output);
    if (record.empty()) fuzzing::finding("the event reports a change but has no record to store", a.output);
    if (fuzzing::call(fuzzing::order_event, {fuzzing::now, "7", record, "view"}).code < 0)
      fuzzing::finding("the core stored a record it cannot read back", a.output);
  }
  return 0;
}
