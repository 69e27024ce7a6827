// Monitoring: a stored state and every step kind on it (plan, signals, checks, weekly, test, view),
// and an alert delivery's request and answer. Fields: state, kind, then the kind's seven arguments.
// What must hold beyond the driver's checks: a state the core stores is one it reads again.
#include "abi_driver.h"

namespace {

std::string stored_state(const std::string& output) {
  static simdjson::dom::parser parser;
  std::string_view state;
  if (parser.parse(output)["state"].get(state) != simdjson::SUCCESS) return {};
  return std::string(state);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  fuzzing::configure_once();
  const auto f = fuzzing::split_fields(data, size, 9);
  const fuzzing::answer a =
      fuzzing::call_expecting_json(fuzzing::monitor, {fuzzing::now, f[0], f[1], f[2], f[3], f[4], f[5], f[6], f[7], f[8]});
  if (a.code == 1) {
    const std::string state = stored_state(a.output);
    if (state.empty()) fuzzing::finding("a monitor step reports a change but has no state to store", a.output);
    if (fuzzing::call(fuzzing::monitor, {fuzzing::now, state, "view", "", "", "", "", "", "", ""}).code < 0)
      fuzzing::finding("the core stored a monitoring state it cannot read back", a.output);
  }
  fuzzing::call_expecting_json(fuzzing::alert_request, {fuzzing::now, f[1], f[2], f[3]});
  fuzzing::call_expecting_json(fuzzing::alert_answer, {f[2], f[3], "7"});
  return 0;
}
