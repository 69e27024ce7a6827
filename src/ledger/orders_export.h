// GET …/orders.csv: the orders of a range as the ledger has them, one CSV record each
// (encoding/csv_writer.h), for a spreadsheet or the merchant's own reconciliation.
#pragma once
#include <string>
#include <string_view>

#include "support/result.h"

namespace edgepost {

// The shards' rows, [{"order_id","order_key","day","state","attributed","sent","currency","amount",
// "reported_amount"}] (amounts in micro-units), in the order they are to be listed.
result<std::string> format_orders_csv(std::string_view rows_json);

}  // namespace edgepost
