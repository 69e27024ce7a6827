#include "networks/arbitration.h"

#include <algorithm>

#include "networks/network_table.h"

namespace edgepost {
namespace {

// A click may be stamped a little after its sale by a clock that runs ahead.
constexpr int64_t click_clock_skew_seconds = 300;

// The later click first; in the same second, the network first in NETWORK_PRIORITY.
bool comes_before(const config& settings, const click& a, const click& b) {
  if (a.landed_at != b.landed_at) return a.landed_at > b.landed_at;
  return network_rank(settings, a.network) < network_rank(settings, b.network);
}

}  // namespace

bool click_fits_sale(const click& c, unix_seconds sale_at, int64_t window_seconds) {
  return c.landed_at <= sale_at + click_clock_skew_seconds && sale_at - c.landed_at <= window_seconds;
}

bool click_fits_sale(const click& c, unix_seconds sale_at, const config& settings) {
  return click_fits_sale(c, sale_at, settings.attribution_seconds());
}

size_t network_rank(const config& settings, std::string_view name) {
  const network* n = network_named(name);
  const std::string_view canonical = n ? n->name : name;
  for (size_t i = 0; i < settings.network_priority.size(); ++i)
    if (settings.network_priority[i] == canonical) return i;
  const auto table = networks();
  for (size_t i = 0; i < table.size(); ++i)
    if (table[i].name == canonical) return settings.network_priority.size() + i;
  return settings.network_priority.size() + table.size();
}

arbitration arbitrate(const config& settings, std::vector<click> clicks, unix_seconds sale_at) {
  return arbitrate(settings, std::move(clicks), sale_at, settings.attribution_seconds());
}

arbitration arbitrate(const config& settings, std::vector<click> clicks, unix_seconds sale_at, int64_t window_seconds) {
  for (auto& c : clicks)
    if (c.network.empty()) c.network = std::string(networks().front().name);
  std::stable_sort(clicks.begin(), clicks.end(), [&](const click& a, const click& b) { return comes_before(settings, a, b); });
  auto sends = [&](const click& c) {
    const network* n = find_network(c.network);
    return n && sends_to(*n, settings);
  };
  arbitration a;
  const click* winner = nullptr;
  for (const auto& c : clicks) {
    if (!click_fits_sale(c, sale_at, window_seconds)) continue;
    if (!winner) winner = &c;
    if (settings.policy == attribution_policy::per_network && sends(c) && !sends(*winner)) winner = &c;
  }
  if (winner) a.winner = *winner;
  for (const auto& c : clicks) {
    std::string outcome;
    if (!click_fits_sale(c, sale_at, window_seconds)) outcome = "outside_window";
    else if (&c == winner) outcome = "won";
    else if (settings.policy == attribution_policy::per_network) outcome = sends(c) ? "won" : "not_configured";
    else outcome = "later_click";
    if (&c == winner) a.outcomes.insert(a.outcomes.begin(), ranked_click{c, outcome});
    else a.outcomes.push_back(ranked_click{c, outcome});
  }
  return a;
}

}  // namespace edgepost
