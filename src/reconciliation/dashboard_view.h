// What the dashboard shows at a glance (the design card's contract, issue "Reconciliation and
// monitoring"): tiles for the last 7 days against the 7 before — click capture (attributed ÷
// orders), delivery (accepted ÷ attributed), Rakuten match (matched ÷ accepted), amounts per
// currency beside Rakuten's — and a 28-day chart of orders, attributed, accepted and recorded by
// Rakuten, drawn here as SVG so the page needs no script library and makes no outside request.
#pragma once
#include <string>
#include <string_view>

#include "ledger/ledger.h"
#include "reconciliation/reconciliation_view.h"

namespace edgepost {

constexpr int64_t dashboard_chart_days = 28;

// {"reconciliation": <format_reconciliation's answer>, "tiles": {...}, "chart_svg": "<svg …>"}
std::string format_dashboard(const ledger_query& plan, const stats_days& stats, int64_t quarantined,
                             const reconciliation_input& in, std::string_view report_json);

// num ÷ den as a percentage with one decimal ("81.2%"), "–" when den is 0; exact, in integers.
std::string percent_text(int64_t num, int64_t den);

}  // namespace edgepost
