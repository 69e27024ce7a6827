#include "attribution/reference_token.h"

namespace edgepost {
namespace {

constexpr size_t mac_length = 43;  // 32 bytes in unpadded base64url
constexpr size_t max_reference_length = 200;  // Stripe's limit for client_reference_id

struct reference_form {
  std::string_view cookie_prefix;
  std::string_view reference_prefix;
};
constexpr reference_form forms[] = {{"v1.", "ep1_"}, {"v2.", "ep2_"}};

}  // namespace

std::string reference_from_attribution_token(std::string_view cookie_token) {
  for (const auto& f : forms) {
    if (cookie_token.substr(0, f.cookie_prefix.size()) != f.cookie_prefix) continue;
    cookie_token.remove_prefix(f.cookie_prefix.size());
    const size_t dot = cookie_token.find('.');
    if (dot == std::string_view::npos || cookie_token.size() - dot - 1 != mac_length) return {};
    std::string out(f.reference_prefix);
    out.append(cookie_token.substr(0, dot)).append("_").append(cookie_token.substr(dot + 1));
    return out.size() <= max_reference_length ? out : std::string();
  }
  return {};
}

std::string attribution_token_from_reference(std::string_view reference) {
  if (reference.size() > max_reference_length) return {};
  for (const auto& f : forms) {
    if (reference.substr(0, f.reference_prefix.size()) != f.reference_prefix) continue;
    reference.remove_prefix(f.reference_prefix.size());
    if (reference.size() < mac_length + 2 || reference[reference.size() - mac_length - 1] != '_') return {};
    std::string out(f.cookie_prefix);
    out.append(reference.substr(0, reference.size() - mac_length - 1)).append(".");
    out.append(reference.substr(reference.size() - mac_length));
    return out;
  }
  return {};
}

}  // namespace edgepost
