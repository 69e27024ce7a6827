#include "ledger/orders_export.h"

#include "encoding/csv_writer.h"
#include "encoding/json_reader.h"
#include "money/money.h"

namespace edgepost {

result<std::string> format_orders_csv(std::string_view rows_json) {
  json_document doc;
  if (!doc.parse(rows_json)) return error_code::malformed_json;
  const auto rows = as_array(doc.root());
  if (!rows) return error_code::malformed_json;
  csv_writer out;
  out.field("ord").field("order_key").field("day").field("state").field("attributed").field("sent");
  out.field("currency").field("amount").field("reported_amount").field("network").end_record();
  for (json_element e : *rows) {
    const auto row = as_object(e);
    if (!row) return error_code::malformed_json;
    const auto id = string_field(*row, "order_id");
    const auto day = string_field(*row, "day");
    const auto state = string_field(*row, "state");
    if (!id || !day || !state) return error_code::missing_field;
    out.field(*id).field(string_field(*row, "order_key").value_or(*id)).field(*day).field(*state);
    out.field(integer_field(*row, "attributed").value_or(0) ? "yes" : "no");
    out.field(integer_field(*row, "sent").value_or(0) ? "yes" : "no");
    out.field(string_field(*row, "currency").value_or(""));
    out.field(format_decimal_amount(integer_field(*row, "amount").value_or(0)));
    out.field(format_decimal_amount(integer_field(*row, "reported_amount").value_or(0)));
    out.field(string_field(*row, "network").value_or(""));
    out.end_record();
  }
  return out.take();
}

}  // namespace edgepost
