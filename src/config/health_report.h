// GET /_edgepost/health: is the configuration complete, and what is switched on. Never a secret.
#pragma once
#include <string>

#include "config/config.h"

namespace edgepost {

std::string health_report_json(const config& settings, std::string_view toolchain);

}  // namespace edgepost
