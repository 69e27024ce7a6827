#include "networks/network_table.h"

#include "networks/awin/awin_network.h"
#include "networks/cj/cj_network.h"
#include "networks/impact/impact_network.h"
#include "networks/partnerize/partnerize_network.h"
#include "networks/rakuten/rakuten_network.h"

namespace edgepost {
namespace {

// In the default order of NETWORK_PRIORITY; the first is the one records written before there was
// more than one network name without saying so.
constexpr network table[] = {
    rakuten_network, impact_network, cj_network, awin_network, partnerize_network,
};

}  // namespace

std::span<const network> networks() { return table; }

const network* find_network(std::string_view name) {
  for (const auto& n : table)
    if (n.name == name) return &n;
  return nullptr;
}

const network* network_named(std::string_view name) { return name.empty() ? &table[0] : find_network(name); }

bool sends_to(const network& n, const config& settings) { return n.sends && n.build && n.judge && n.sends(settings); }

}  // namespace edgepost
