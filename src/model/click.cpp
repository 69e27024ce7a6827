#include "model/click.h"

namespace edgepost {
namespace {

bool is_click_id_character(char c) {
  return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '.' ||
         c == '_' || c == '/' || c == '*';
}

bool all_click_id_characters(std::string_view s) {
  for (char c : s)
    if (!is_click_id_character(c)) return false;
  return true;
}

}  // namespace

bool is_valid_site_id(std::string_view id) {
  return !id.empty() && id.size() <= max_site_id_length && all_click_id_characters(id);
}

bool is_valid_network_name(std::string_view name) {
  if (name.empty() || name.size() > 32) return false;
  for (char c : name)
    if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9'))) return false;
  return true;
}

bool is_valid_mid(std::string_view mid) {
  if (mid.empty() || mid.size() > 12) return false;
  for (char c : mid)
    if (c < '0' || c > '9') return false;
  return true;
}

bool is_valid_eaid(std::string_view eaid) { return is_valid_site_id(eaid); }

}  // namespace edgepost
