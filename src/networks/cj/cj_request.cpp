#include "networks/cj/cj_request.h"

#include <algorithm>
#include <cctype>
#include <charconv>
#include <string>

#include "encoding/json_reader.h"
#include "encoding/json_writer.h"
#include "networks/http_verdict.h"
#include "networks/network_settings.h"

namespace edgepost {
namespace {

std::string_view enterprise_id(const config& settings) { return settings.setting("CJ_ENTERPRISE_ID"); }
std::string_view action_tracker_id(const config& settings) { return settings.setting("CJ_ACTION_TRACKER_ID"); }
std::string_view api_token(const config& settings) { return settings.setting("CJ_API_TOKEN"); }
std::string cj_api_base(const config& settings) { return api_base(settings, "CJ_API_BASE", "https://tracking.api.cj.com"); }

// CJ's actionTrackerId is a GraphQL NonNegativeInt: 32 bits.
bool fits_non_negative_int(std::string_view id) {
  int64_t v = 0;
  return is_numeric_id(id) && id.size() <= 10 && std::from_chars(id.data(), id.data() + id.size(), v).ec == std::errc{} &&
         v <= 2147483647;
}

// What every mutation asks back: the orders CJ took and the errors it found.
constexpr std::string_view selection = "{ orders { orderId submissionId } errors { message fields } }";

std::string mutation(std::string_view name, std::string_view argument, std::string_view input_type) {
  return "mutation($orders: [" + std::string(input_type) + "!]!) { " + std::string(name) + "(" + std::string(argument) +
         ": $orders) " + std::string(selection) + " }";
}

void write_identity(json_writer& order, const config& settings, const conversion& c) {
  order.member("enterpriseId", enterprise_id(settings)).key("actionTrackerId").raw(action_tracker_id(settings));
  order.member("orderId", c.order_id);
}

// The lines as CJ takes them: at most cj_max_items, the rest merged into one line.
result<bool> write_items(json_writer& order, const std::vector<line_item>& items) {
  order.key("items").begin_array();
  micros merged = 0;
  for (size_t i = 0; i < items.size(); ++i) {
    const auto& item = items[i];
    if (items.size() > cj_max_items && i + 1 >= cj_max_items) {
      micros line = 0;
      if (multiply_amount(item.unit_price, item.quantity).get(line) != error_code::success ||
          __builtin_add_overflow(merged, line, &merged))
        return error_code::amount_out_of_range;
      continue;
    }
    order.begin_object().member("sku", item.sku).member("unitPrice", format_decimal_amount(item.unit_price));
    order.member("quantity", item.quantity).end_object();
  }
  if (items.size() > cj_max_items) {
    order.begin_object().member("sku", merged_lines_sku).member("unitPrice", format_decimal_amount(merged));
    order.member("quantity", int64_t{1}).end_object();
  }
  order.end_array();
  return true;
}

result<network_request> request_with(const config& settings, std::string query, const json_writer& orders) {
  network_request r;
  r.method = "POST";
  r.url = cj_api_base(settings) + "/graphql";
  r.content_type = "application/json";
  json_writer body;
  body.begin_object().member("query", query).key("variables").begin_object().key("orders").raw(orders.text());
  body.end_object().end_object();
  r.body = body.take();
  return r;
}

bool names_access(std::string_view message) {
  std::string lower(message);
  std::transform(lower.begin(), lower.end(), lower.begin(), [](unsigned char ch) { return static_cast<char>(std::tolower(ch)); });
  for (std::string_view word : {"unauthor", "authenticat", "not authorized", "forbidden", "access denied"})
    if (lower.find(word) != std::string::npos) return true;
  return false;
}

// "<message> (fields: a, b)" of the first error in a GraphQL errors array; empty when there is none.
std::string first_error(json_element errors) {
  const auto list = as_array(errors);
  if (!list) return {};
  for (const json_element e : *list) {
    const auto error = as_object(e);
    if (!error) return "an error CJ did not describe";
    std::string text(string_field(*error, "message").value_or("an error CJ did not describe"));
    const auto fields = field(*error, "fields");
    if (const auto names_list = fields ? as_array(*fields) : std::nullopt) {
      std::string names;
      for (const json_element f : *names_list)
        if (const auto name = as_string(f)) names += (names.empty() ? "" : ", ") + std::string(*name);
      if (!names.empty()) text += " (fields: " + names + ")";
    }
    return text.substr(0, 300);
  }
  return {};
}

attempt_judgement refused(std::string message) {
  attempt_judgement j;
  j.outcome = verdict::rejected;
  j.access_denied = names_access(message);
  j.reason = "CJ refused it: " + std::move(message);
  return j;
}

}  // namespace

network_status cj_status(const config& settings) {
  if (auto incomplete = status_from_settings("CJ", {{"CJ_ENTERPRISE_ID", enterprise_id(settings)},
                                                    {"CJ_ACTION_TRACKER_ID", action_tracker_id(settings)},
                                                    {"CJ_API_TOKEN", api_token(settings)}}))
    return *incomplete;
  if (!is_numeric_id(enterprise_id(settings)))
    return {network_state::misconfigured, "CJ_ENTERPRISE_ID must be CJ's numeric enterprise (company) id"};
  if (!fits_non_negative_int(action_tracker_id(settings)))
    return {network_state::misconfigured, "CJ_ACTION_TRACKER_ID must be the numeric id of CJ's action tracker"};
  if (!looks_like_http_url(cj_api_base(settings))) return {network_state::misconfigured, "CJ_API_BASE must be an http(s) URL"};
  return {network_state::sending, "sales CJ won go to CJ's Tracking API for action tracker " +
                                      std::string(action_tracker_id(settings))};
}

result<network_request> build_cj_request(const config& settings, const conversion& c) {
  json_writer orders;
  orders.begin_array().begin_object();
  write_identity(orders, settings, c);
  if (c.kind == conversion_kind::reversal && c.reverses_all) {
    orders.member("updateTime", format_rfc3339(c.date));
    orders.member("correctionReason", c.cancellation ? "Other" : "ReturnedMerchandise");
    orders.end_object().end_array();
    return request_with(settings, mutation("cancelOrders", "cancelledOrders", "OrderCancelRequest"), orders);
  }
  const bool restating = c.kind == conversion_kind::reversal;
  micros amount = c.remaining;
  if (!restating)
    if (const error_code e = subtotal_after_discount(c).get(amount); e != error_code::success) return e;
  const micros discount = restating ? c.restated_discount : c.discount;
  orders.member(restating ? "updateTime" : "eventTime", format_rfc3339(c.date));
  orders.member("cjEvent", c.attributed_click.site_id);
  // Amounts are decimal text written from integer micro-units: no floating point touches them.
  orders.member("amount", format_decimal_amount(amount));
  if (discount != 0) orders.member("discount", format_decimal_amount(discount));
  orders.member("currency", c.currency);
  bool written = false;
  if (const error_code e = write_items(orders, restating ? c.sale_items : c.items).get(written); e != error_code::success)
    return e;
  if (restating) orders.member("correctionReason", "ReturnedMerchandise");
  orders.end_object().end_array();
  return restating ? request_with(settings, mutation("restateOrders", "restatedOrders", "OrderRestateRequest"), orders)
                   : request_with(settings, mutation("createOrders", "newOrders", "OrderCreateRequest"), orders);
}

void cj_auth_headers(const config& settings, header_list& out) {
  out.emplace_back("authorization", "Bearer " + std::string(api_token(settings)));
  out.emplace_back("accept", "application/json");
}

attempt_judgement judge_cj_response(int status, std::string_view body, std::string_view retry_after_header) {
  if (status < 200 || status >= 300) return judge_http_status("CJ", status, body, retry_after_header);
  json_document doc;
  const auto root = doc.parse(body) ? as_object(doc.root()) : std::nullopt;
  if (!root) {
    // CJ keys orders by id, so sending again cannot count the sale twice.
    attempt_judgement j;
    j.reason = "HTTP " + std::to_string(status) + " without a GraphQL answer: will retry";
    return j;
  }
  if (const auto errors = field(*root, "errors")) {
    if (std::string message = first_error(*errors); !message.empty()) return refused(std::move(message));
  }
  const auto data = field(*root, "data");
  const auto mutations = data ? as_object(*data) : std::nullopt;
  if (mutations) {
    for (const auto [name, value] : *mutations) {
      const auto answer = as_object(value);
      if (!answer) break;
      if (const auto errors = field(*answer, "errors")) {
        if (std::string message = first_error(*errors); !message.empty()) return refused(std::move(message));
      }
      const auto taken = field(*answer, "orders");
      const auto list = taken ? as_array(*taken) : std::nullopt;
      if (!list || list->size() == 0) break;
      attempt_judgement j;
      j.outcome = verdict::accepted;
      j.reason = "CJ accepted it for processing";
      for (const json_element first : *list) {
        if (const auto order = as_object(first))
          if (const auto submission = string_field(*order, "submissionId"))
            j.reason += " (submission " + std::string(submission->substr(0, 64)) + ")";
        break;
      }
      return j;
    }
  }
  return refused("its answer named no order taken");
}

}  // namespace edgepost
