// GET /_edgepost/health: is the configuration complete, and what is switched on. Never a secret.
#pragma once
#include <string>

#include "config/config.h"

namespace edgepost {

// `networks_json`: each network's state (networks/network_table.h), written by the caller, which
// sees the network table.
std::string health_report_json(const config& settings, std::string_view toolchain, std::string_view networks_json);

}  // namespace edgepost
