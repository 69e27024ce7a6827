// The generic order the parsing, intake and record tests share: every field of the orders API.
#pragma once
#include <catch2/catch.hpp>

#include <string>

namespace edgepost::samples {
inline const char* full_order = R"({
  "order_id": "A-1001", "status": "paid", "currency": "USD", "created_at": "2026-11-24T10:02:00Z",
  "items": [ {"sku": "TSHIRT-BLUE", "name": "Blue T-shirt", "quantity": 2, "unit_price": "19.99"},
             {"sku": "GIFT", "quantity": 1, "unit_price": 5} ],
  "discount": "5.00", "attribution": "v1.x.y",
  "click": {"site_id": "abc", "landed_at": "2026-11-20T08:15:00Z", "mid": "12345"},
  "join_keys": ["cart_id:c-8f2e"] })";

inline std::string with(const std::string& from, const std::string& to) {
  std::string s = full_order;
  const size_t at = s.find(from);
  REQUIRE(at != std::string::npos);
  return s.replace(at, from.size(), to);
}
}  // namespace edgepost::samples
