// Trimming spaces and tabs, as configuration lists and Cookie headers are written by people.
#pragma once
#include <string_view>

namespace edgepost {

inline std::string_view trim_blanks(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

}  // namespace edgepost
