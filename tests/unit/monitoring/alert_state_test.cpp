#include <catch2/catch.hpp>

#include "monitoring/alert_state.h"

using namespace edgepost;

namespace {
constexpr unix_seconds t0 = 1795514520;
}

TEST_CASE("an alert opens once, reminds at most daily while seen, and resolves once") {
  struct row {
    const char* name;
    unix_seconds at;
    bool seen;
    alert_notification notify;
    bool open_after;
  };
  // One type's observations in time order, each against the alert the one before left.
  const row steps[] = {
      {"all well", t0, false, alert_notification::none, false},
      {"the condition appears", t0 + 60, true, alert_notification::opened, true},
      {"still seen a minute later", t0 + 120, true, alert_notification::none, true},
      {"still seen 23 h 59 min after opening", t0 + 60 + 86399, true, alert_notification::none, true},
      {"still seen a day after opening", t0 + 60 + 86400, true, alert_notification::reminder, true},
      {"still seen an hour after the reminder", t0 + 60 + 86400 + 3600, true, alert_notification::none, true},
      {"gone", t0 + 60 + 90000, false, alert_notification::resolved, false},
      {"still gone", t0 + 60 + 90060, false, alert_notification::none, false},
      {"back again", t0 + 60 + 90120, true, alert_notification::opened, true},
  };
  std::optional<alert> current;
  for (const auto& s : steps) {
    INFO(s.name);
    const alert_step step = observe_alert(current, "access_denied", "rakuten", s.seen, "Rakuten answers Access denied", s.at);
    CHECK(step.notify == s.notify);
    if (step.alert_now) {
      CHECK(step.alert_now->type == "access_denied");
      CHECK(step.alert_now->is_open() == s.open_after);
      current = step.alert_now->is_open() ? step.alert_now : std::nullopt;
    } else {
      CHECK_FALSE(s.open_after);
    }
    CHECK((current.has_value() && current->is_open()) == s.open_after);
  }
}

TEST_CASE("an open alert keeps its opening time and takes the latest message") {
  const alert_step opened = observe_alert(std::nullopt, "dead_letters", "", true, "1 postback ran out of attempts", t0);
  REQUIRE(opened.alert_now);
  const alert_step later = observe_alert(opened.alert_now, "dead_letters", "", true, "3 postbacks ran out of attempts", t0 + 600);
  REQUIRE(later.alert_now);
  CHECK(later.alert_now->opened_at == t0);
  CHECK(later.alert_now->message == "3 postbacks ran out of attempts");
  CHECK(later.notify == alert_notification::none);
  const alert_step resolved = observe_alert(later.alert_now, "dead_letters", "", false, "", t0 + 700);
  REQUIRE(resolved.alert_now);
  CHECK(resolved.alert_now->resolved_at == t0 + 700);
  CHECK(resolved.alert_now->opened_at == t0);
}
