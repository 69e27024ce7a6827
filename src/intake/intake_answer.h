// What the shell is told of an order intake (operations orders_intake, provider_webhook,
// provider_continue): the answer for the sender, the arrivals to store, and what to fetch or
// forward first.
#pragma once
#include "encoding/core_answer.h"
#include "intake/intake_outcome.h"

namespace edgepost {

// The HTTP status as the code; {status, body, arrivals, fetch_url…, forward_to, log}.
core_answer answer_intake(const intake_outcome& o);

}  // namespace edgepost
