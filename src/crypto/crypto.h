// The only cryptography the core uses, provided by a vetted library and never written here:
// libsodium, compiled into every build (cmake/libsodium.cmake, src/crypto/crypto_libsodium.cpp).
#pragma once
#include <array>
#include <cstdint>
#include <string_view>

namespace edgepost {

using sha256_digest = std::array<uint8_t, 32>;

sha256_digest hmac_sha256(std::string_view key, std::string_view message);

// Compares without an early exit, so a forger learns nothing from timing.
bool equal_in_constant_time(std::string_view a, std::string_view b);

}  // namespace edgepost
