#include "reconciliation/reconciliation_rows.h"

#include "encoding/json_reader.h"
#include "encoding/json_writer.h"

namespace edgepost {
namespace {

template <typename Row, typename ReadRow>
result<std::vector<Row>> read_rows(std::string_view json, ReadRow read_row) {
  json_document doc;
  if (!doc.parse(json)) return error_code::malformed_json;
  const auto list = as_array(doc.root());
  if (!list) return error_code::malformed_json;
  std::vector<Row> rows;
  for (json_element e : *list) {
    Row row;
    if (!read_row(e, row)) return error_code::invalid_field;
    rows.push_back(std::move(row));
  }
  return rows;
}

}  // namespace

std::string write_report_orders(const std::vector<report_order>& orders) {
  json_writer out;
  out.begin_array();
  for (const auto& o : orders) {
    out.begin_object().member("order_id", o.order_id).member("currency", o.currency);
    out.member("sales", o.sales).member("rows", o.rows).member("first_day", format_calendar_day(o.first_day));
    out.end_object();
  }
  out.end_array();
  return out.take();
}

result<std::vector<report_order>> read_report_orders(std::string_view json) {
  return read_rows<report_order>(json, [](json_element e, report_order& o) {
    const auto row = as_object(e);
    if (!row) return false;
    const auto id = string_field(*row, "order_id");
    const auto sales = integer_field(*row, "sales");
    const auto day = parse_calendar_day(string_field(*row, "first_day").value_or(""));
    if (!id || !sales || !day) return false;
    o.order_id = std::string(*id);
    o.currency = std::string(string_field(*row, "currency").value_or(""));
    o.sales = *sales;
    o.rows = integer_field(*row, "rows").value_or(1);
    o.first_day = *day;
    return true;
  });
}

result<std::vector<ledger_side>> read_ledger_sides(std::string_view json) {
  return read_rows<ledger_side>(json, [](json_element e, ledger_side& o) {
    const auto row = as_object(e);
    if (!row) return false;
    const auto id = string_field(*row, "order_id");
    const auto state = string_field(*row, "state");
    const auto day = parse_calendar_day(string_field(*row, "day").value_or(""));
    if (!id || !state || !day) return false;
    o.order_id = std::string(*id);
    o.state = std::string(*state);
    o.currency = std::string(string_field(*row, "currency").value_or(""));
    o.accepted_net = integer_field(*row, "reported_amount").value_or(0);
    o.sale_day = *day;
    return true;
  });
}

result<std::vector<unix_seconds>> read_days(std::string_view json) {
  return read_rows<unix_seconds>(json, [](json_element e, unix_seconds& day) {
    const auto text = as_string(e);
    const auto parsed = text ? parse_calendar_day(*text) : std::nullopt;
    if (!parsed) return false;
    day = *parsed;
    return true;
  });
}

}  // namespace edgepost
