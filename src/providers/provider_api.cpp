#include "providers/provider_api.h"

namespace edgepost {

std::string bearer_authorization(std::string_view key) { return "Bearer " + std::string(key); }

std::string_view api_key(const provider_api& api, const config& settings) { return settings.setting(api.key_setting); }

std::string_view api_base(const provider_api& api, const config& settings) {
  std::string_view base = settings.setting(api.base_setting);
  if (base.empty()) base = api.default_base;
  while (!base.empty() && base.back() == '/') base.remove_suffix(1);
  return base;
}

}  // namespace edgepost
