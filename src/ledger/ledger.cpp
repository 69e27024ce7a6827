#include "ledger/ledger.h"

#include <map>

#include "encoding/json_reader.h"
#include "encoding/json_writer.h"
#include "encoding/query_string.h"
#include "networks/network_table.h"

namespace edgepost {
namespace {

constexpr std::string_view consent_count_names[] = {"granted", "exempt", "denied", "undecided", "recovered"};
constexpr std::string_view refused_landings = "refused";

bool is_landing_count_name(std::string_view name) {
  for (std::string_view n : consent_count_names)
    if (n == name) return true;
  return name == refused_landings;
}

constexpr int64_t max_days_per_query = 92;
// "quarantined" is not a ledger state: it lists the stored records the core could not read.
constexpr std::string_view known_states[] = {"waiting_for_click", "unattributed", "pending",   "accepted",
                                             "rejected",          "dead",         "shadowed",  "withdrawn",
                                             "observed",          "quarantined"};

bool is_known_state(std::string_view s) {
  for (auto k : known_states)
    if (k == s) return true;
  return false;
}

bool reported(const delivery* d) {
  return d && (d->state == delivery_state::accepted || d->state == delivery_state::shadowed);
}

// The amount an adjustment's postback reverses, as the machine builds it (machine/order_machine.cpp):
// a cancellation, or a refund of at least the order's total, the whole order; a refund known by its
// amount, that amount; otherwise its lines less its discount.
micros reversed_amount(const order_event& adjustment, const order_event& sale) {
  const micros whole = order_net_total(sale);
  if (adjustment.status == order_status::cancelled) return whole;
  if (adjustment.refund_amount >= 0) return adjustment.refund_amount >= whole ? whole : adjustment.refund_amount;
  return order_net_total(adjustment);
}

micros reported_net(const order_record& r) {
  if (!reported(r.find("sale"))) return 0;
  micros net = order_net_total(*r.sale);
  for (const auto& a : r.adjustments) {
    if (!reported(r.find(adjustment_delivery_id(a)))) continue;
    // Bounded: each amount fits the order's limits, and a record holds a bounded number of refunds.
    if (__builtin_sub_overflow(net, reversed_amount(a, *r.sale), &net)) return 0;
  }
  return net;
}

}  // namespace

std::string_view ledger_state(const order_record& r) {
  if (r.attribution == attribution_state::waiting_for_click) return "waiting_for_click";
  const delivery* sale = r.find("sale");
  // An attributed sale whose lines are still being read has no postback yet, but will; one without
  // a postback otherwise was won by a network edgepost only observes (networks/arbitration.h).
  if (!sale && r.attribution == attribution_state::attributed) return r.items_pending ? "pending" : "observed";
  if (!sale) return "unattributed";
  switch (sale->state) {
    case delivery_state::queued:
    case delivery_state::held: return "pending";
    default: return delivery_state_name(sale->state);
  }
}

ledger_row ledger_row_for(const order_record& r) {
  ledger_row row;
  if (!r.sale || r.sale->trial) return row;  // a trial is no sale until its first payment
  row.day = format_calendar_day(r.sale->created_at);
  row.state = std::string(ledger_state(r));
  row.attributed = r.attribution == attribution_state::attributed;
  const delivery* sale = r.find("sale");
  if (sale)
    for (const auto& a : sale->attempts)
      if (a.verdict != "shadow") row.sent = true;
  if (r.attribution == attribution_state::attributed && r.attributed_click) {
    const network* n = network_named(r.attributed_click->network);
    row.network = n ? std::string(n->name) : r.attributed_click->network;
  }
  row.currency = r.sale->currency;
  row.amount = order_net_total(*r.sale);
  row.reported_amount = reported_net(r);
  row.sale_at = r.sale->created_at;
  return row;
}

void write_ledger_row(json_writer& out, const ledger_row& row) {
  out.begin_object();
  out.member("day", row.day);
  out.member("state", row.state).member("attributed", row.attributed).member("sent", row.sent);
  out.member("network", row.network);
  out.member("currency", row.currency).member("amount", row.amount).member("reported_amount", row.reported_amount);
  out.member("sale_at", row.sale_at);
  out.end_object();
}

ledger_query plan_ledger_query(std::string_view query_string, unix_seconds now, bool with_states) {
  ledger_query q;
  const unix_seconds today = now - (now % 86400 + 86400) % 86400;
  const auto from_text = find_query_parameter(query_string, "from");
  const auto to_text = find_query_parameter(query_string, "to");
  // Defaults: up to today, over the 30 days before.
  const auto to = to_text ? parse_calendar_day(*to_text) : std::optional<unix_seconds>(today);
  const auto from = from_text ? parse_calendar_day(*from_text)
                              : (to ? std::optional<unix_seconds>(*to - 29 * 86400) : std::nullopt);
  if (!from || !to) {
    q.error = "from and to must be days in the form YYYY-MM-DD";
    return q;
  }
  if (*to < *from) {
    q.error = "to must not be before from";
    return q;
  }
  if ((*to - *from) / 86400 + 1 > max_days_per_query) {
    q.error = "at most 92 days per query";
    return q;
  }
  for (unix_seconds d = *from; d <= *to; d += 86400) q.days.push_back(format_calendar_day(d));
  if (with_states) {
    if (const auto states = find_query_parameter(query_string, "state"); states && !states->empty()) {
      std::string_view rest = *states;
      while (!rest.empty()) {
        const size_t comma = rest.find(',');
        const std::string_view s = rest.substr(0, comma);
        if (!is_known_state(s)) {
          q.error = "state must be one of: waiting_for_click, unattributed, pending, accepted, rejected, dead, "
                    "shadowed, withdrawn, observed, quarantined (comma separated)";
          return q;
        }
        q.states.emplace_back(s);
        rest = comma == std::string_view::npos ? std::string_view{} : rest.substr(comma + 1);
      }
    }
  }
  return q;
}

result<stats_days> count_stats(const ledger_query& plan, std::string_view grouped_rows_json) {
  stats_days days;
  for (const auto& d : plan.days) days[d];

  json_document doc;
  if (!doc.parse(grouped_rows_json)) return error_code::malformed_json;
  const auto rows = as_array(doc.root());
  if (!rows) return error_code::malformed_json;
  for (json_element e : *rows) {
    const auto row = as_object(e);
    if (!row) return error_code::malformed_json;
    const auto day = string_field(*row, "day");
    if (const auto landing = string_field(*row, "landing")) {
      const auto clicks = integer_field(*row, "clicks");
      if (!day || !clicks || *clicks < 0 || !is_landing_count_name(*landing)) return error_code::invalid_field;
      const auto it = days.find(*day);
      if (it == days.end()) continue;
      int64_t& n = it->second.landings[std::string(*landing)];
      if (__builtin_add_overflow(n, *clicks, &n)) return error_code::amount_out_of_range;
      continue;
    }
    const auto state = string_field(*row, "state");
    const auto currency = string_field(*row, "currency");
    const auto orders = integer_field(*row, "orders");
    const auto amount = integer_field(*row, "amount");
    if (!day || !state || !currency || !orders || !amount) return error_code::missing_field;
    auto it = days.find(*day);
    if (it == days.end()) continue;
    stats_day& t = it->second;
    const bool attributed = integer_field(*row, "attributed").value_or(0) != 0;
    const bool sent = integer_field(*row, "sent").value_or(0) != 0;
    if (*orders < 0) return error_code::invalid_field;
    auto& sums = t.amounts[std::string(*currency)];
    // Sums of stored rows: an overflow means the rows are not what the ledger wrote.
    bool overflow = __builtin_add_overflow(t.orders, *orders, &t.orders);
    overflow |= __builtin_add_overflow(attributed ? t.attributed : t.unattributed, *orders,
                                       attributed ? &t.attributed : &t.unattributed);
    if (sent) overflow |= __builtin_add_overflow(t.sent, *orders, &t.sent);
    int64_t& in_state = t.by_state[std::string(*state)];
    overflow |= __builtin_add_overflow(in_state, *orders, &in_state);
    if (const auto network = string_field(*row, "network"); network && !network->empty() && attributed) {
      if (!is_valid_network_name(*network)) return error_code::invalid_field;
      network_day& n = t.networks[std::string(*network)];
      overflow |= __builtin_add_overflow(n.won, *orders, &n.won);
      if (sent) overflow |= __builtin_add_overflow(n.sent, *orders, &n.sent);
      int64_t& by = n.by_state[std::string(*state)];
      overflow |= __builtin_add_overflow(by, *orders, &by);
    }
    overflow |= __builtin_add_overflow(sums.first, *amount, &sums.first);
    if (*state == "accepted") overflow |= __builtin_add_overflow(sums.second, *amount, &sums.second);
    if (overflow) return error_code::amount_out_of_range;
  }
  return days;
}

int64_t stats_day::in(std::string_view state) const {
  const auto it = by_state.find(state);
  return it == by_state.end() ? int64_t{0} : it->second;
}

void write_stats_members(json_writer& out, const stats_day& t) {
  out.member("orders", t.orders).member("attributed", t.attributed);
  out.member("unattributed", t.unattributed).member("sent", t.sent);
  out.member("accepted", t.in("accepted")).member("rejected", t.in("rejected"));
  out.member("pending", t.in("pending") + t.in("waiting_for_click")).member("dead", t.in("dead"));
  out.member("shadowed", t.in("shadowed")).member("withdrawn", t.in("withdrawn"));
  // Won by a network edgepost only observes: nothing sent, and rightly so.
  out.member("observed", t.in("observed"));
  out.key("networks").begin_object();
  for (const auto& entry : t.networks) {
    const std::string& name = entry.first;
    const network_day& n = entry.second;
    auto in = [&n](std::string_view state) {
      const auto it = n.by_state.find(state);
      return it == n.by_state.end() ? int64_t{0} : it->second;
    };
    out.key(name).begin_object().member("won", n.won).member("sent", n.sent);
    out.member("accepted", in("accepted")).member("rejected", in("rejected"));
    out.member("pending", in("pending") + in("waiting_for_click")).member("dead", in("dead"));
    out.member("observed", in("observed")).end_object();
  }
  out.end_object();
  const auto landings = [&t](std::string_view state) {
    const auto it = t.landings.find(state);
    return it == t.landings.end() ? int64_t{0} : it->second;
  };
  bool any_consent = false;
  for (std::string_view state : consent_count_names) any_consent |= t.landings.count(state) > 0;
  if (any_consent) {
    // Landing clicks by consent: every state named, so a day reads the same whatever it saw.
    out.key("consent").begin_object();
    for (std::string_view state : consent_count_names) out.member(state, landings(state));
    out.end_object();
  }
  if (landings(refused_landings) > 0) out.member("refused_clicks", landings(refused_landings));
  out.key("amounts").begin_object();
  for (const auto& [currency, sums] : t.amounts) {
    out.key(currency).begin_object();
    out.member("orders", format_decimal_amount(sums.first)).member("accepted", format_decimal_amount(sums.second));
    out.end_object();
  }
  out.end_object();
}

result<std::string> format_stats(const ledger_query& plan, std::string_view grouped_rows_json, int64_t quarantined) {
  stats_days days;
  if (const error_code e = count_stats(plan, grouped_rows_json).get(days); e != error_code::success) return e;
  json_writer out;
  out.begin_object();
  out.member("from", plan.days.front()).member("to", plan.days.back());
  out.key("days").begin_array();
  for (const auto& [day, totals] : days) {
    out.begin_object().member("day", day);
    write_stats_members(out, totals);
    out.end_object();
  }
  out.end_array();
  out.member("quarantined", quarantined);
  out.end_object();
  return out.take();
}

}  // namespace edgepost
