#include "networks/network_table.h"

#include "encoding/json_writer.h"

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

std::string_view network_state_name(network_state s) {
  return s == network_state::sending ? "sending" : s == network_state::observing ? "observing" : "misconfigured";
}

network_status status_of(const network& n, const config& settings) {
  if (!n.status || !n.build || !n.judge)
    return {network_state::observing, "edgepost does not send to " + std::string(n.name) +
                                          " yet: its clicks are captured, so a sale it won is not reported to another network"};
  return n.status(settings);
}

bool sends_to(const network& n, const config& settings) { return status_of(n, settings).state == network_state::sending; }

void write_network_states(json_writer& out, const config& settings) {
  out.begin_object();
  for (const auto& n : table) {
    const network_status s = status_of(n, settings);
    out.key(n.name).begin_object().member("state", network_state_name(s.state)).member("why", s.why);
    out.member("mode", settings.mode_for(n.name) == delivery_mode::live ? "live" : "shadow").end_object();
  }
  out.end_object();
}

}  // namespace edgepost
