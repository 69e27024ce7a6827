#include "consent/consent_platforms.h"

#include <cstdint>
#include <optional>
#include <string>

#include "consent/tc_string.h"
#include "encoding/percent_encoding.h"
#include "encoding/query_string.h"

namespace edgepost {
namespace {

// A consent cookie is a few hundred bytes; one far larger is not a platform's.
constexpr size_t max_consent_cookie_length = 8192;

}  // namespace

consent_answer onetrust_consent(std::string_view cookie_value, std::string_view group) {
  if (cookie_value.size() > max_consent_cookie_length) return consent_answer::denied;
  const auto interactions = find_query_parameter(cookie_value, "interactionCount");
  const auto groups = find_query_parameter(cookie_value, "groups");
  if (!groups || groups->empty() || (interactions && *interactions == "0")) return consent_answer::undecided;
  // "C0001:1,C0002:0,C0004:1": the named group with 1 is consent, with 0 or absent none.
  std::string_view rest = *groups;
  while (!rest.empty()) {
    const size_t comma = rest.find(',');
    const std::string_view entry = rest.substr(0, comma);
    rest = comma == std::string_view::npos ? std::string_view{} : rest.substr(comma + 1);
    const size_t colon = entry.find(':');
    if (colon == std::string_view::npos || entry.substr(0, colon) != group) continue;
    return entry.substr(colon + 1) == "1" ? consent_answer::granted : consent_answer::denied;
  }
  return consent_answer::denied;
}

consent_answer cookiebot_consent(std::string_view cookie_value) {
  if (cookie_value.size() > max_consent_cookie_length) return consent_answer::denied;
  const auto decoded = decode_query_value(cookie_value);
  if (!decoded || decoded->size() < 2 || decoded->front() != '{' || decoded->back() != '}') return consent_answer::denied;
  // The object literal's members, "name:value" separated by commas; Cookiebot's values hold no comma.
  std::string_view rest = std::string_view(*decoded).substr(1, decoded->size() - 2);
  std::optional<bool> marketing;
  bool not_required = false;
  while (!rest.empty()) {
    const size_t comma = rest.find(',');
    const std::string_view member = rest.substr(0, comma);
    rest = comma == std::string_view::npos ? std::string_view{} : rest.substr(comma + 1);
    const size_t colon = member.find(':');
    if (colon == std::string_view::npos) return consent_answer::denied;
    const std::string_view name = member.substr(0, colon);
    const std::string_view value = member.substr(colon + 1);
    if (name == "marketing") {
      if (value == "true") marketing = true;
      else if (value == "false") marketing = false;
      else return consent_answer::denied;
    } else if (name == "stamp") {
      not_required = value == "'-1'";
    }
  }
  return not_required || marketing.value_or(false) ? consent_answer::granted : consent_answer::denied;
}

consent_answer tcf_consent(std::string_view cookie_value, int64_t vendor_id) {
  tc_consent tc;
  if (decode_tc_string(cookie_value).get(tc) != error_code::success) return consent_answer::denied;
  if (!tc.purpose(1)) return consent_answer::denied;
  return vendor_id == 0 || tc.vendor(vendor_id) ? consent_answer::granted : consent_answer::denied;
}

}  // namespace edgepost
