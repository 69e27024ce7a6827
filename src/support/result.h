// Errors as values, in the manner of simdjson: an error_code enum and a result<T> that holds
// either a value or an error. The core is built with -fno-exceptions, so nothing here throws.
#pragma once
#include <string_view>
#include <utility>

namespace edgepost {

enum class error_code {
  success = 0,
  malformed_json,
  missing_field,
  invalid_field,
  amount_out_of_range,
  bad_signature,
  stale_timestamp,
  missing_signature,
  token_expired,
  token_malformed,
  not_configured,
  too_large,
  not_supported,
};

// The machine-readable code used in JSON error answers: stable, documented in the README.
constexpr std::string_view error_name(error_code e) {
  switch (e) {
    case error_code::success: return "success";
    case error_code::malformed_json: return "malformed_json";
    case error_code::missing_field: return "missing_field";
    case error_code::invalid_field: return "invalid_field";
    case error_code::amount_out_of_range: return "amount_out_of_range";
    case error_code::bad_signature: return "bad_signature";
    case error_code::stale_timestamp: return "stale_timestamp";
    case error_code::missing_signature: return "missing_signature";
    case error_code::token_expired: return "token_expired";
    case error_code::token_malformed: return "token_malformed";
    case error_code::not_configured: return "not_configured";
    case error_code::too_large: return "too_large";
    case error_code::not_supported: return "not_supported";
  }
  return "unknown";
}

template <typename T>
class [[nodiscard]] result {
 public:
  result(T value) : value_(std::move(value)), error_(error_code::success) {}  // NOLINT: implicit by design
  result(error_code error) : error_(error) {}                                  // NOLINT: implicit by design

  bool ok() const { return error_ == error_code::success; }
  error_code error() const { return error_; }

  // simdjson's idiom: `if (auto e = r.get(v); e != error_code::success) return e;`
  [[nodiscard]] error_code get(T& out) && {
    if (ok()) out = std::move(value_);
    return error_;
  }

 private:
  T value_{};
  error_code error_;
};

}  // namespace edgepost
