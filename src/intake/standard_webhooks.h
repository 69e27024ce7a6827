// Verification of the generic orders API per the Standard Webhooks specification
// (github.com/standard-webhooks/standard-webhooks, spec/standard-webhooks.md):
//   signed content   = webhook-id + "." + webhook-timestamp + "." + body
//   secret           = base64 after the "whsec_" prefix
//   webhook-signature = space-separated "v1,<base64 HMAC-SHA256>" entries; any match verifies.
#pragma once
#include <string_view>

#include "support/result.h"
#include "support/utc_time.h"

namespace edgepost {

struct standard_webhook_headers {
  std::string_view id;
  std::string_view timestamp;
  std::string_view signature;
};

// success, missing_signature, bad_signature, stale_timestamp (outside ±tolerance of now),
// or not_configured (the secret is not a valid whsec_ value).
error_code verify_standard_webhook(const standard_webhook_headers& headers, std::string_view body,
                                   std::string_view secret, unix_seconds now, int64_t tolerance_seconds);

// The webhook-signature header for a message edgepost sends (its alerts): "v1,<base64 HMAC>" with
// the whsec_ secret; empty when the secret is not base64.
std::string sign_standard_webhook(std::string_view id, std::string_view timestamp, std::string_view body,
                                  std::string_view secret);

}  // namespace edgepost
