// The rows reconciliation works on, in the JSON form the shell hands them over in: the report's
// orders as the report store keeps them, and edgepost's side as the order shards' ledger columns
// give it. The shell stores and selects; it never reads these.
#pragma once
#include <string>
#include <string_view>
#include <vector>

#include "reconciliation/matching.h"
#include "reconciliation/rakuten_report.h"
#include "support/result.h"

namespace edgepost {

// [{"order_id","currency","sales" (micro-units),"rows","first_day" (YYYY-MM-DD)}]
std::string write_report_orders(const std::vector<report_order>& orders);
result<std::vector<report_order>> read_report_orders(std::string_view json);

// [{"order_id","day" (YYYY-MM-DD),"state","currency","reported_amount" (micro-units)}]
result<std::vector<ledger_side>> read_ledger_sides(std::string_view json);

// ["YYYY-MM-DD", …]: the days some imported report covered.
result<std::vector<unix_seconds>> read_days(std::string_view json);

}  // namespace edgepost
