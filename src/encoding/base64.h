// Base64 (RFC 4648 §4) for Standard Webhooks and Shopify signatures, and its URL-safe
// alphabet without padding (§5) for cookie tokens, which must stay within cookie-octet.
#pragma once
#include <optional>
#include <string>
#include <string_view>

namespace edgepost {

enum class base64_alphabet { standard, url_safe };

std::string base64_encode(std::string_view bytes, base64_alphabet alphabet);

// Accepts padded or unpadded input; nullopt for any character outside the alphabet.
std::optional<std::string> base64_decode(std::string_view text, base64_alphabet alphabet);

}  // namespace edgepost
