// The only cryptography the core uses, provided by a vetted library and never written here:
// libsodium, compiled into every build (cmake/libsodium.cmake, src/crypto/crypto_libsodium.cpp).
#pragma once
#include <array>
#include <cstdint>
#include <string>
#include <string_view>

namespace edgepost {

using sha256_digest = std::array<uint8_t, 32>;

sha256_digest hmac_sha256(std::string_view key, std::string_view message);

// An HMAC-SHA256 key made ready once: the inner and outer hash states after the key's block
// (RFC 2104), so a signature costs only its message's blocks and the outer block, two SHA-256
// compressions fewer than hmac_sha256. The configuration makes its cookie secrets into these once
// per isolate, for the landing's signature.
class hmac_sha256_key {
 public:
  hmac_sha256_key() : hmac_sha256_key(std::string_view{}) {}
  explicit hmac_sha256_key(std::string_view key);
  sha256_digest sign(std::string_view message) const;
  bool empty() const { return empty_; }

 private:
  // libsodium's crypto_auth_hmacsha256_state, kept opaque so this header does not carry libsodium's.
  alignas(8) std::array<unsigned char, 208> state_{};
  bool empty_ = true;
};

// A secret kept with its key made ready, so the two are always in step: set as text (the
// configuration's), read as text, signed with as a key.
class hmac_secret {
 public:
  hmac_secret& operator=(std::string_view text) {
    text_ = std::string(text);
    key_ = hmac_sha256_key(text_);
    return *this;
  }
  const std::string& text() const { return text_; }
  const hmac_sha256_key& key() const { return key_; }
  bool empty() const { return text_.empty(); }
  size_t size() const { return text_.size(); }
  operator std::string_view() const { return text_; }

 private:
  std::string text_;
  hmac_sha256_key key_;
};

// Compares without an early exit, so a forger learns nothing from timing.
bool equal_in_constant_time(std::string_view a, std::string_view b);

}  // namespace edgepost
