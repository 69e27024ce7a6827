#include "attribution/reference_token.h"

namespace edgepost {
namespace {
constexpr size_t mac_length = 43;  // 32 bytes in unpadded base64url
constexpr std::string_view reference_prefix = "ep1_";
}  // namespace

std::string reference_from_attribution_token(std::string_view cookie_token) {
  if (cookie_token.substr(0, 3) != "v1.") return {};
  cookie_token.remove_prefix(3);
  const size_t dot = cookie_token.find('.');
  if (dot == std::string_view::npos || cookie_token.size() - dot - 1 != mac_length) return {};
  std::string out(reference_prefix);
  out.append(cookie_token.substr(0, dot)).append("_").append(cookie_token.substr(dot + 1));
  return out;
}

std::string attribution_token_from_reference(std::string_view reference) {
  if (reference.substr(0, reference_prefix.size()) != reference_prefix || reference.size() > 200) return {};
  reference.remove_prefix(reference_prefix.size());
  if (reference.size() < mac_length + 2 || reference[reference.size() - mac_length - 1] != '_') return {};
  std::string out = "v1.";
  out.append(reference.substr(0, reference.size() - mac_length - 1)).append(".");
  out.append(reference.substr(reference.size() - mac_length));
  return out;
}

}  // namespace edgepost
