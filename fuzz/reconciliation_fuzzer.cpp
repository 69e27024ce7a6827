// Reconciliation: a report file uploaded and pulled, and the rows the shell hands back for
// matching (grouped ledger rows, ledger sides, report orders, covered days, the last import), asked
// as days, orders and CSV, and the orders CSV. Fields: query string, report CSV, grouped rows,
// ledger sides, report orders, covered days, last import, export rows. What must hold beyond the
// driver's checks: what an import hands the store reads back as report orders.
#include "abi_driver.h"

namespace {

std::string stored_orders(const std::string& output) {
  static simdjson::dom::parser parser;
  std::string_view orders;
  if (parser.parse(output)["store"]["orders"].get(orders) != simdjson::SUCCESS) return {};
  return std::string(orders);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  fuzzing::configure_once();
  const auto f = fuzzing::split_fields(data, size, 8);
  const fuzzing::answer imported = fuzzing::call_expecting_json("report_import", {fuzzing::now, f[1]});
  fuzzing::call_expecting_json("report_pulled", {fuzzing::now, "2026-11-11", "2026-11-24", "200", f[1]});
  std::string theirs = f[4];
  if (imported.code == 200) {
    theirs = stored_orders(imported.output);
    if (theirs.empty()) fuzzing::finding("an import answered 200 without orders for the store", imported.output);
  }
  for (const char* what : {"days", "orders"}) {
    const fuzzing::answer a =
        fuzzing::call_expecting_json("reconciliation", {fuzzing::now, f[0], what, f[2], "0", f[3], theirs, f[5], f[6]});
    if (imported.code == 200 && a.code == -1 && f[2] == "[]" && f[3] == "[]" && f[5] == "[]")
      fuzzing::finding("the report orders an import wrote were refused by reconciliation", theirs);
  }
  fuzzing::call("reconciliation", {fuzzing::now, f[0], "csv", f[2], "0", f[3], theirs, f[5], f[6]});
  fuzzing::call("orders_csv", {f[7]});
  return 0;
}
