// GET /_edgepost/health: is the configuration complete, and what is switched on. Never a secret.
#pragma once
#include <string>

#include "config/config.h"

namespace edgepost {

// `networks_json`: each network's state (networks/network_table.h), `providers_json`: each
// provider switched on or not (providers/provider_table.h), written by the caller, which sees the
// tables.
std::string health_report_json(const config& settings, std::string_view toolchain, std::string_view networks_json,
                               std::string_view providers_json);

}  // namespace edgepost
