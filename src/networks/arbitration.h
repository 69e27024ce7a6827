// One winner per order (README, "Networks"): of the clicks a sale carries — at most one per
// network, the latest a shopper made on each — which network is told. The affiliate networks'
// terms agree that one sale earns one commission, for the last click before it; a merchant whose
// contracts allow it may tell every network with a click in its window (ATTRIBUTION_POLICY).
#pragma once
#include <optional>
#include <string>
#include <vector>

#include "config/config.h"
#include "model/click.h"

namespace edgepost {

// A click fits a sale when it came before it (five minutes of clock skew allowed) and within the
// attribution window (ATTRIBUTION_DAYS).
bool click_fits_sale(const click& c, unix_seconds sale_at, const config& settings);
// The same within `window_seconds` of the click (a subscription's renewal: RECURRING_SALES_DAYS).
bool click_fits_sale(const click& c, unix_seconds sale_at, int64_t window_seconds);

struct arbitration {
  // The click the sale is credited to: last_click, the latest in its window (ties to the network
  // first in NETWORK_PRIORITY); per_network, the latest of those edgepost sends to, or the latest
  // of all when it sends to none of them. Empty when no click fits.
  std::optional<click> winner;
  // Every click considered, the winner first, each with its outcome: won, later_click (another
  // network's click came after it), outside_window, not_configured (per_network: in its window,
  // but edgepost does not send to its network).
  std::vector<ranked_click> outcomes;
};

// `clicks` with the network's name empty mean the network table's first.
arbitration arbitrate(const config& settings, std::vector<click> clicks, unix_seconds sale_at);
arbitration arbitrate(const config& settings, std::vector<click> clicks, unix_seconds sale_at, int64_t window_seconds);

// Where a network stands in NETWORK_PRIORITY (lower first): the named ones in their order, then the
// others in the network table's order.
size_t network_rank(const config& settings, std::string_view network);

}  // namespace edgepost
