// An alert's life (the design card's contract, "Reconciliation and monitoring"): one open alert
// per type, notified when it opens and when it resolves, and while it stays open at most once a
// day. Each check of a condition is an observation; the answer says what the alert is now and
// whether to notify. Pure: the shell stores the alert and sends the notification.
#pragma once
#include <optional>
#include <string>
#include <string_view>

#include "support/utc_time.h"

namespace edgepost {

// A condition still seen is notified again no sooner than this after the last notification.
constexpr int64_t alert_reminder_seconds = 86400;

struct alert {
  std::string id;       // <type>-<opened_at>
  std::string type;     // access_denied, postbacks_failing, dead_letters, amount_mismatch, …
  // The network an alert about deliveries is about (access_denied, postbacks_failing, dead_letters):
  // each network's is its own alert. Empty for the others.
  std::string network;
  std::string severity;  // critical: sales are being lost now; warning: something to look at
  std::string message;  // the latest, in plain words
  // The rate alerts' numbers (monitoring/rate_drop.h), 0 for the others.
  double observed = 0;
  double baseline = 0;
  int64_t n = 0;
  unix_seconds opened_at = 0;
  unix_seconds resolved_at = 0;  // 0 while open
  unix_seconds notified_at = 0;
  bool is_open() const { return opened_at != 0 && resolved_at == 0; }
};

enum class alert_notification { none, opened, reminder, resolved };

struct alert_step {
  std::optional<alert> alert_now;  // the alert after this observation (none: nothing to store)
  alert_notification notify = alert_notification::none;
};

// `current`: this type's (and network's) open alert, if any. `seen`: whether the condition holds now, with its
// message.
alert_step observe_alert(const std::optional<alert>& current, std::string_view type, std::string_view network,
                         bool seen, std::string_view message, unix_seconds now);

}  // namespace edgepost
