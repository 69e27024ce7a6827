// The IAB's Transparency and Consent string, TCF v2.2 (the `euconsent-v2` cookie a TCF consent
// platform writes): the core segment's purpose consents and vendor consents, which is all edgepost
// asks of it. The format is IAB Tech Lab's "TCF v2.0 Consent String and Vendor List Format"
// (v2.2 edition): segments joined by '.', each base64url without padding; the core segment first,
// its fields at fixed bit offsets, then the vendor consents as a bit field or as ranges.
#pragma once
#include <cstdint>
#include <string_view>
#include <utility>
#include <vector>

#include "support/result.h"

namespace edgepost {

// A TC string is held in a cookie: beyond this it is not one a platform wrote.
constexpr size_t max_tc_string_length = 8192;

struct tc_consent {
  uint32_t purposes = 0;  // bit (p - 1) set: consent to purpose p, for p in 1..24
  // The vendors consented to, as ranges of ids [first, last] in increasing order.
  std::vector<std::pair<uint16_t, uint16_t>> vendors;

  bool purpose(int p) const { return p >= 1 && p <= 24 && (purposes >> (p - 1)) & 1u; }
  bool vendor(int64_t id) const;
};

// malformed_json (the error used for any unreadable input) when it is not a version 2 core segment
// that holds its vendor consents whole.
result<tc_consent> decode_tc_string(std::string_view tc_string);

}  // namespace edgepost
