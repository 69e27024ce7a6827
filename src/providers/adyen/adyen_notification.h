// Adyen's standard notifications as edgepost reads them (docs.adyen.com, "Webhooks", "Verify HMAC
// signatures"): a batch {"live", "notificationItems": [{"NotificationRequestItem": {…}}]}, each
// item signed on its own:
//   additionalData.hmacSignature = base64(HMAC-SHA256(hex-decoded HMAC key,
//     pspReference:originalReference:merchantAccountCode:merchantReference:value:currency:eventCode:success))
// with empty text for a field the item lacks. Every item must verify, or nothing is stored.
//   AUTHORISATION, success "true"  → a paid order
//   REFUND, success "true"         → a refund of the payment originalReference names
//   CANCELLATION, success "true"   → the payment originalReference names is cancelled
// The order is reached by the payment's pspReference (refunds name only it); its `ord` is the
// merchant's reference when that is a valid `ord` (at most 40 characters), else the pspReference.
// Amounts are in minor units already. Adyen knows only the authorised total, tax included; a
// merchant whose payment request sets metadata.edgepost_subtotal (minor units, before tax and
// shipping) has that sent instead. The click travels in the payment's metadata as the
// attribution reference (or the cookie's value) cut into pieces of at most 80 characters,
// metadata.edgepost_1, edgepost_2, … (Adyen's limit per value), which Adyen returns in the
// AUTHORISATION item's additionalData as "metadata.<key>". Adyen wants "[accepted]" back.
#pragma once
#include <string_view>

#include "providers/provider_reading.h"
#include "support/result.h"

namespace edgepost {

// `hex_key` is the HMAC key as Adyen's Customer Area shows it (hexadecimal).
error_code verify_adyen_notification(std::string_view body, std::string_view hex_key);

provider_reading read_adyen_notification(std::string_view body);

}  // namespace edgepost
