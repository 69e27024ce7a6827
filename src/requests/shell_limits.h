// The bounds and timeouts the shell works with (worker/), and the errors it answers on its own
// (when the core failed, or a shard's record cannot be read), chosen here so that the shell holds
// no numbers or sentences of its own: the configure answer hands them over as `shell` and `errors`.
#pragma once
#include "config/config.h"

namespace edgepost {

class json_writer;

void write_shell_limits(json_writer& out, const config& settings);

// {<code>: {status, message}} for each error the shell answers without asking the core.
void write_shell_errors(json_writer& out);

}  // namespace edgepost
