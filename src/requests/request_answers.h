// What the shell is told about a request (operation `request`) and at configuration (operation
// `configure`): the decision of src/requests/request_decision.h, with the answers of the routes
// the core serves alone (health, and the refusals), and the settings the shell works with.
#pragma once
#include <string_view>

#include "config/config.h"
#include "encoding/core_answer.h"
#include "requests/request_decision.h"

namespace edgepost {

// Codes of the request operation's answer.
enum request_answer_code : int32_t { answer_pass = 0, answer_decorate = 1, answer_route = 2, answer_pass_with_log = 3 };

// {health, request_filter, shell}: 1 when the configuration is complete, 0 with problems.
core_answer answer_configure(const config& settings, std::string_view toolchain);

// The decision for one request. A plain pass has no output at all, so a page view costs the shell
// no parse.
core_answer answer_request(const config& settings, const incoming_request& request, unix_seconds now,
                           std::string_view toolchain);

}  // namespace edgepost
