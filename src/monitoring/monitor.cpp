#include "monitoring/monitor.h"

#include <algorithm>
#include <cmath>

#include "encoding/json_reader.h"
#include "encoding/json_writer.h"
#include "networks/network_table.h"

namespace edgepost {
namespace {

// Rates cross JSON as decimal numbers with four places, kept as whole ten-thousandths in between,
// so the state round-trips exactly without a floating-point writer.
int64_t ten_thousandths(double rate) { return static_cast<int64_t>(std::llround(rate * 10000)); }

std::string rate_text(int64_t t) {
  const std::string digits = std::to_string(t < 0 ? -t : t);
  const std::string padded = std::string(digits.size() < 5 ? 5 - digits.size() : 0, '0') + digits;
  return (t < 0 ? "-" : "") + padded.substr(0, padded.size() - 4) + "." + padded.substr(padded.size() - 4);
}

std::string_view severity_of(std::string_view type) {
  if (type == "access_denied" || type == "postbacks_failing" || type == "no_orders") return "critical";
  return "warning";
}

void write_alert(json_writer& out, const alert& a) {
  out.begin_object();
  out.member("id", a.id).member("type", a.type).member("severity", a.severity).member("message", a.message);
  if (a.network.empty()) out.key("network").raw("null");
  else out.member("network", a.network);
  out.member("opened_at", format_rfc3339(a.opened_at));
  if (a.resolved_at) out.member("resolved_at", format_rfc3339(a.resolved_at));
  else out.key("resolved_at").raw("null");
  out.key("observed").raw(rate_text(ten_thousandths(a.observed)));
  out.key("baseline").raw(rate_text(ten_thousandths(a.baseline)));
  out.member("n", a.n);
  out.end_object();
}

void write_stored_alert(json_writer& out, const alert& a) {
  out.begin_object();
  out.member("id", a.id).member("type", a.type).member("severity", a.severity).member("message", a.message);
  if (!a.network.empty()) out.member("network", a.network);
  out.member("opened_at", a.opened_at).member("resolved_at", a.resolved_at).member("notified_at", a.notified_at);
  out.member("observed", ten_thousandths(a.observed)).member("baseline", ten_thousandths(a.baseline)).member("n", a.n);
  out.end_object();
}

bool read_stored_alert(json_element e, alert& a) {
  const auto o = as_object(e);
  if (!o) return false;
  const auto type = string_field(*o, "type");
  const auto opened = integer_field(*o, "opened_at");
  if (!type || !opened || !is_supported_time(*opened)) return false;
  a.type = std::string(*type);
  a.id = std::string(string_field(*o, "id").value_or(""));
  a.severity = std::string(string_field(*o, "severity").value_or(severity_of(a.type)));
  a.message = std::string(string_field(*o, "message").value_or(""));
  // An alert stored before alerts named their network is the table's first network's.
  const bool about_deliveries = a.type == "access_denied" || a.type == "postbacks_failing" || a.type == "dead_letters";
  if (const auto network = string_field(*o, "network")) {
    const struct network* n = find_network(*network);
    if (!n) return false;
    a.network = std::string(n->name);
  } else if (about_deliveries) {
    a.network = std::string(networks()[0].name);
  }
  a.opened_at = *opened;
  a.resolved_at = integer_field(*o, "resolved_at").value_or(0);
  a.notified_at = integer_field(*o, "notified_at").value_or(0);
  if (!is_supported_time(a.resolved_at) || !is_supported_time(a.notified_at)) return false;
  a.observed = static_cast<double>(integer_field(*o, "observed").value_or(0)) / 10000;
  a.baseline = static_cast<double>(integer_field(*o, "baseline").value_or(0)) / 10000;
  a.n = integer_field(*o, "n").value_or(0);
  return true;
}

std::string dashboard_link(const config& settings) { return settings.public_url + "/_edgepost/admin/"; }

// Slack reads &, < and > as its own markup ("Formatting text for app surfaces": escape them as
// &amp; &lt; &gt;): an order id or an answer quoted in an alert must stay text, never a link.
std::string slack_escaped(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (char c : text) {
    if (c == '&') out += "&amp;";
    else if (c == '<') out += "&lt;";
    else if (c == '>') out += "&gt;";
    else out += c;
  }
  return out;
}

std::string slack_message(std::string_view text, const config& settings) {
  json_writer out;
  const std::string escaped = slack_escaped(text);
  std::string body = escaped;
  if (!settings.public_url.empty()) body += "\n<" + dashboard_link(settings) + "|Open the edgepost dashboard>";
  out.begin_object().member("text", escaped).key("blocks").begin_array();
  out.begin_object().member("type", "section").key("text").begin_object().member("type", "mrkdwn").member("text", body);
  out.end_object().end_object().end_array().end_object();
  return out.take();
}

std::string alert_notification_text(const alert& a, bool resolved) {
  const network* n = a.network.empty() ? nullptr : find_network(a.network);
  const std::string what = a.type + (n ? ", " + std::string(n->display_name) : "");
  if (resolved) return "Resolved (" + what + "): " + a.message;
  return std::string(a.severity == "critical" ? ":rotating_light: " : ":warning: ") + "edgepost alert (" + what +
         "): " + a.message;
}

}  // namespace

std::string write_monitor_state(const monitor_state& s) {
  json_writer out;
  out.begin_object().key("alerts").begin_array();
  for (const auto& a : s.alerts) write_stored_alert(out, a);
  out.end_array();
  out.key("failed_first_attempts").begin_object();
  for (const auto& [network, count] : s.failed_first_attempts) out.member(network, count);
  out.end_object();
  out.member("failed_pulls", s.failed_pulls);
  out.member("last_pull_at", s.last_pull_at).member("last_weekly_day", s.last_weekly_day);
  out.member("tests_sent", s.tests_sent);
  out.end_object();
  return out.take();
}

result<monitor_state> read_monitor_state(std::string_view json) {
  monitor_state s;
  if (json.empty()) return s;
  json_document doc;
  if (!doc.parse(json)) return error_code::malformed_json;
  const auto root = as_object(doc.root());
  if (!root) return error_code::malformed_json;
  if (const auto list = field(*root, "alerts")) {
    const auto alerts = as_array(*list);
    if (!alerts) return error_code::malformed_json;
    for (json_element e : *alerts) {
      alert a;
      if (!read_stored_alert(e, a)) return error_code::invalid_field;
      s.alerts.push_back(std::move(a));
    }
  }
  // Counted per network; a single count is from before, when only the table's first network was sent to.
  if (const auto failed = field(*root, "failed_first_attempts")) {
    if (const auto count = as_integer(*failed)) {
      if (*count > 0) s.failed_first_attempts[std::string(networks()[0].name)] = std::clamp<int64_t>(*count, 0, 1'000'000);
    } else if (const auto per_network = as_object(*failed)) {
      for (const auto [name, value] : *per_network) {
        const network* n = find_network(name);
        const auto count_of = as_integer(value);
        if (!n || !count_of) return error_code::invalid_field;
        if (*count_of > 0) s.failed_first_attempts[std::string(n->name)] = std::clamp<int64_t>(*count_of, 0, 1'000'000);
      }
    } else {
      return error_code::invalid_field;
    }
  }
  s.failed_pulls = std::clamp<int64_t>(integer_field(*root, "failed_pulls").value_or(0), 0, 1'000'000);
  s.last_pull_at = integer_field(*root, "last_pull_at").value_or(0);
  if (!is_supported_time(s.last_pull_at)) return error_code::invalid_field;
  s.last_weekly_day = std::string(string_field(*root, "last_weekly_day").value_or(""));
  s.tests_sent = std::clamp<int64_t>(integer_field(*root, "tests_sent").value_or(0), 0, 1'000'000'000);
  return s;
}

notification make_notification(std::string_view event_type, std::string_view id, std::string_view data_json,
                               std::string_view slack_text, const config& settings, unix_seconds now) {
  notification n;
  n.id = std::string(id);
  n.event_type = std::string(event_type);
  json_writer out;
  out.begin_object().member("type", event_type).member("timestamp", format_rfc3339(now));
  out.key("data").raw(data_json);
  out.end_object();
  n.webhook_body = out.take();
  n.slack_body = slack_message(slack_text, settings);
  return n;
}

std::vector<notification> observe(monitor_state& state, const std::vector<observation>& observations,
                                  const config& settings, unix_seconds now) {
  std::vector<notification> out;
  for (const auto& o : observations) {
    const auto open = std::find_if(state.alerts.begin(), state.alerts.end(), [&o](const alert& a) {
      return a.type == o.type && a.network == o.network && a.is_open();
    });
    const std::optional<alert> current = open == state.alerts.end() ? std::nullopt : std::optional<alert>(*open);
    alert_step step = observe_alert(current, o.type, o.network, o.seen, o.message, now);
    if (!step.alert_now) continue;
    alert& a = *step.alert_now;
    a.severity = std::string(severity_of(a.type));
    if (o.seen) {
      a.observed = o.observed;
      a.baseline = o.baseline;
      a.n = o.n;
    }
    if (open != state.alerts.end()) state.alerts.erase(open);
    state.alerts.insert(state.alerts.begin(), a);
    if (step.notify == alert_notification::none) continue;
    const bool resolved = step.notify == alert_notification::resolved;
    json_writer data;
    data.begin_object().key("alert");
    write_alert(data, a);
    data.member("dashboard", dashboard_link(settings)).end_object();
    // One id per alert and event: a receiver that sees it twice (a retry) handles it once.
    const std::string id = "msg_" + a.id + (resolved ? "_resolved" : "_" + std::to_string(now));
    out.push_back(make_notification(resolved ? "edgepost.alert.resolved" : "edgepost.alert.opened", id, data.text(),
                                    alert_notification_text(a, resolved), settings, now));
  }
  // Open alerts first, then the resolved ones, newest first; only the latest resolved are kept.
  std::stable_partition(state.alerts.begin(), state.alerts.end(), [](const alert& a) { return a.is_open(); });
  size_t resolved = 0;
  std::erase_if(state.alerts, [&resolved](const alert& a) { return !a.is_open() && ++resolved > recent_alerts_kept; });
  return out;
}

std::vector<observation> observations_from_signals(monitor_state& state, const std::vector<std::string>& signals) {
  std::vector<observation> out;
  for (const auto& signal : signals) {
    // "<signal>:<network>"; a signal without a network is the table's first network's, as signals
    // were before there were others.
    const size_t colon = signal.find(':');
    const std::string_view s = std::string_view(signal).substr(0, colon);
    const network* n = network_named(colon == std::string::npos ? std::string_view{} : std::string_view(signal).substr(colon + 1));
    if (!n) continue;  // a network no entry has: nothing to say about it
    const std::string network(n->name);
    const std::string who(n->display_name);
    const std::string settings_advice = n->settings_advice.empty()
                                            ? "check " + who + "'s settings (health says what is wrong)"
                                            : std::string(n->settings_advice);
    if (s == "accepted") {
      state.failed_first_attempts.erase(network);
      out.push_back({"access_denied", false, who + " accepts postbacks again.", 0, 0, 0, network});
      out.push_back({"postbacks_failing", false, who + " accepts postbacks again.", 0, 0, 0, network});
    } else if (s == "first_attempt_failed") {
      int64_t& failed = state.failed_first_attempts[network];
      if (failed < 1'000'000) ++failed;
      if (failed >= failing_first_attempts)
        out.push_back({"postbacks_failing", true,
                       std::to_string(failed) + " postbacks to " + who +
                           " in a row were refused or failed on their first attempt. Open the orders list (state=pending, "
                           "rejected) to see the answers; " + settings_advice + ".",
                       0, 0, failed, network});
    } else if (s == "access_denied") {
      out.push_back({"access_denied", true,
                     n->access_denied_advice.empty()
                         ? who + " refused edgepost's credentials: no sale it won is being recorded. " + settings_advice + "."
                         : who + " answered a postback with \"Access denied\": no sale is being recorded. " +
                               std::string(n->access_denied_advice),
                     0, 0, 1, network});
    } else if (s == "dead_letter") {
      out.push_back({"dead_letters", true,
                     "A postback used up its retry schedule without " + who +
                         " accepting it. See the orders list (state=dead) and re-queue them once the cause is fixed.",
                     0, 0, 1, network});
    }
  }
  return out;
}

std::string format_alerts(const monitor_state& state) {
  json_writer out;
  out.begin_object().key("open").begin_array();
  for (const auto& a : state.alerts)
    if (a.is_open()) write_alert(out, a);
  out.end_array().key("recent").begin_array();
  for (const auto& a : state.alerts)
    if (!a.is_open()) write_alert(out, a);
  out.end_array().end_object();
  return out.take();
}

notification test_notification(monitor_state& state, const config& settings, unix_seconds now) {
  state.tests_sent = state.tests_sent < 1'000'000'000 ? state.tests_sent + 1 : 1;
  alert a;
  a.id = "test-" + std::to_string(now) + "-" + std::to_string(state.tests_sent);
  a.type = "edgepost.test";
  a.severity = "warning";
  a.message = "A test alert from edgepost: this channel receives alerts.";
  a.opened_at = now;
  json_writer data;
  data.begin_object().key("alert");
  write_alert(data, a);
  data.member("dashboard", dashboard_link(settings)).end_object();
  return make_notification("edgepost.test", "msg_" + a.id, data.text(), a.message, settings, now);
}

}  // namespace edgepost
