#include "requests/consent_grant.h"

#include <optional>
#include <string>
#include <vector>

#include "attribution/attribution_token.h"
#include "consent/landing_consent.h"
#include "encoding/json_reader.h"
#include "encoding/json_writer.h"
#include "encoding/query_string.h"
#include "networks/network_table.h"
#include "requests/click_cookies.h"

namespace edgepost {
namespace {

std::optional<std::string> token_of(std::string_view content_type, std::string_view body) {
  if (content_type.find("json") != std::string_view::npos) {
    json_document doc;
    if (!doc.parse(body)) return std::nullopt;
    const auto o = as_object(doc.root());
    const auto token = o ? string_field(*o, "token") : std::nullopt;
    return token ? std::optional<std::string>(std::string(*token)) : std::nullopt;
  }
  return find_query_parameter(body, "token");
}

core_answer refused(std::string_view error, std::string_view message, int32_t status = 400) {
  json_writer out;
  out.begin_object().member("status", int64_t{status}).member("error", error).member("message", message).end_object();
  return {status, out.take()};
}

}  // namespace

core_answer answer_consent_grant(const config& settings, std::string_view cookie_header, std::string_view content_type,
                                 std::string_view body, unix_seconds now) {
  if (body.size() > static_cast<size_t>(consent_body_bytes))
    return refused("body_too_large", "the consent route takes one token of a few hundred bytes", 413);
  const auto token = token_of(content_type, body);
  if (!token || token->empty())
    return refused("invalid_body", "send token=<the page's consent token> (form) or {\"token\": \"…\"} (JSON)");
  std::vector<click> clicks;
  const error_code e =
      verify_consent_token(*token, {settings.cookie_secret, settings.cookie_secret_previous}, now).get(clicks);
  if (e == error_code::token_expired) return refused("token_expired", "the consent token is over an hour old");
  if (e != error_code::success) return refused("invalid_token", "the consent token is not one edgepost signed");

  json_writer out;
  out.begin_object().member("status", int64_t{204}).key("consent").begin_object();
  std::vector<click> consented;
  for (auto& c : clicks) {
    const network* n = find_network(c.network);
    const consent_state s = consent_for_click(settings, cookie_header, c.network, n && n->publisher ? n->publisher(c) : "");
    out.member(c.network, consent_state_name(s));
    if (may_store(s)) consented.push_back(std::move(c));
  }
  out.end_object();
  std::vector<std::string> set_cookies;
  if (!consented.empty()) store_clicks(settings, consented, cookie_header, now, set_cookies);
  out.key("set_cookies").begin_array();
  for (const auto& c : set_cookies) out.string(c);
  out.end_array().member("stored", static_cast<int64_t>(consented.size()));
  // What the stats count: each click stored now was recovered by the consent route.
  out.key("landing_counts").begin_array();
  for (size_t i = 0; i < consented.size(); ++i) out.string("recovered");
  out.end_array().member("landing_day", format_calendar_day(now)).end_object();
  return {204, out.take()};
}

}  // namespace edgepost
