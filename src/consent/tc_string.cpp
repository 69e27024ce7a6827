#include "consent/tc_string.h"

#include <optional>
#include <string>

#include "encoding/base64.h"

namespace edgepost {
namespace {

// The core segment's fields before the vendor consents, in bits (the format's table "Core
// String"): Version 6, Created 36, LastUpdated 36, CmpId 12, CmpVersion 12, ConsentScreen 6,
// ConsentLanguage 12, VendorListVersion 12, TcfPolicyVersion 6, IsServiceSpecific 1,
// UseNonStandardTexts 1, SpecialFeatureOptIns 12, then PurposesConsent 24 at bit 152,
// PurposesLITransparency 24, PurposeOneTreatment 1, PublisherCC 12; MaxVendorId at bit 213.
constexpr size_t version_bits = 6;
constexpr size_t purposes_consent_at = 152;
constexpr size_t purposes_bits = 24;
constexpr size_t vendor_section_at = 213;

class bit_reader {
 public:
  explicit bit_reader(std::string_view bytes) : bytes_(bytes) {}
  void seek(size_t bit) { at_ = bit; }
  std::optional<uint32_t> take(size_t bits) {
    if (bits > 32 || at_ + bits > bytes_.size() * 8) return std::nullopt;
    uint32_t v = 0;
    for (size_t i = 0; i < bits; ++i, ++at_) {
      const auto byte = static_cast<unsigned char>(bytes_[at_ / 8]);
      v = (v << 1) | ((byte >> (7 - at_ % 8)) & 1u);
    }
    return v;
  }

 private:
  std::string_view bytes_;
  size_t at_ = 0;
};

void add_vendor(std::vector<std::pair<uint16_t, uint16_t>>& ranges, uint16_t first, uint16_t last) {
  if (!ranges.empty() && ranges.back().second + 1 == first) ranges.back().second = last;
  else ranges.emplace_back(first, last);
}

}  // namespace

bool tc_consent::vendor(int64_t id) const {
  for (const auto& [first, last] : vendors)
    if (id >= first && id <= last) return true;
  return false;
}

result<tc_consent> decode_tc_string(std::string_view tc_string) {
  if (tc_string.empty() || tc_string.size() > max_tc_string_length) return error_code::malformed_json;
  const std::string_view core = tc_string.substr(0, tc_string.find('.'));
  const auto bytes = base64_decode(core, base64_alphabet::url_safe);
  if (!bytes) return error_code::malformed_json;
  bit_reader bits(*bytes);
  const auto version = bits.take(version_bits);
  if (!version || *version != 2) return error_code::malformed_json;
  tc_consent out;
  bits.seek(purposes_consent_at);
  const auto purposes = bits.take(purposes_bits);
  if (!purposes) return error_code::malformed_json;
  // Purpose 1 is the field's first (most significant) bit.
  for (size_t p = 0; p < purposes_bits; ++p)
    if ((*purposes >> (purposes_bits - 1 - p)) & 1u) out.purposes |= 1u << p;

  bits.seek(vendor_section_at);
  const auto max_vendor = bits.take(16);
  const auto is_range = bits.take(1);
  if (!max_vendor || !is_range) return error_code::malformed_json;
  if (*is_range == 0) {
    for (uint32_t id = 1; id <= *max_vendor; ++id) {
      const auto consented = bits.take(1);
      if (!consented) return error_code::malformed_json;
      if (*consented) add_vendor(out.vendors, static_cast<uint16_t>(id), static_cast<uint16_t>(id));
    }
    return out;
  }
  const auto entries = bits.take(12);
  if (!entries) return error_code::malformed_json;
  uint32_t previous = 0;
  for (uint32_t i = 0; i < *entries; ++i) {
    const auto is_a_range = bits.take(1);
    const auto first = bits.take(16);
    if (!is_a_range || !first) return error_code::malformed_json;
    uint32_t last = *first;
    if (*is_a_range) {
      const auto end = bits.take(16);
      if (!end) return error_code::malformed_json;
      last = *end;
    }
    // Ids start at 1, ranges are in order and within MaxVendorId: anything else was not encoded
    // by a platform following the format.
    if (*first == 0 || last < *first || *first <= previous || last > *max_vendor) return error_code::malformed_json;
    add_vendor(out.vendors, static_cast<uint16_t>(*first), static_cast<uint16_t>(last));
    previous = last;
  }
  return out;
}

}  // namespace edgepost
