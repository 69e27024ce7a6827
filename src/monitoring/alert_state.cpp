#include "monitoring/alert_state.h"

namespace edgepost {

alert_step observe_alert(const std::optional<alert>& current, std::string_view type, std::string_view network,
                         bool seen, std::string_view message, unix_seconds now) {
  alert_step step;
  const bool open = current && current->is_open();
  if (!open) {
    if (!seen) return step;  // nothing was wrong, nothing is
    alert a;
    a.id = std::string(type) + (network.empty() ? "" : "-" + std::string(network)) + "-" + std::to_string(now);
    a.type = std::string(type);
    a.network = std::string(network);
    a.message = std::string(message);
    a.opened_at = now;
    a.notified_at = now;
    step.alert_now = std::move(a);
    step.notify = alert_notification::opened;
    return step;
  }
  alert a = *current;
  if (!seen) {
    a.resolved_at = now;
    a.notified_at = now;
    step.alert_now = std::move(a);
    step.notify = alert_notification::resolved;
    return step;
  }
  a.message = std::string(message);
  if (now - a.notified_at >= alert_reminder_seconds) {
    a.notified_at = now;
    step.notify = alert_notification::reminder;
  }
  step.alert_now = std::move(a);
  return step;
}

}  // namespace edgepost
