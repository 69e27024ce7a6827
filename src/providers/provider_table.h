// The payment providers edgepost reads webhooks from, one entry each. Everything that differs
// between providers is here or in the functions an entry names: the route, the secret that
// switches it on, the headers its signature and topic come in, how it signs, how its events
// read, which identifiers of its checkout show up in proxied traffic, and where edgepost tags
// pages with the signed click. Adding a provider is adding an entry and its reader.
#pragma once
#include "encoding/core_answer.h"
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "config/config.h"
#include "providers/provider_api.h"
#include "providers/provider_reading.h"
#include "support/result.h"
#include "support/utc_time.h"

namespace edgepost {

class json_writer;

// How a page of the merchant's hands the signed click (its reference form, ep1_…) to this
// provider's checkout. The shell knows how to do each; which elements, which name and which value
// come from the provider's entry.
enum class click_tagging {
  none,
  link_parameter,  // a parameter added to the link (Stripe Payment Links: client_reference_id)
  hidden_input,    // a hidden input appended to the form (Shopify cart forms: a cart attribute)
  data_attribute,  // an attribute set on the element when it has none (Paddle.js: data-custom-data)
};

// One tagging of a page, for the shell's HTML rewriter.
struct page_tag {
  click_tagging how = click_tagging::none;
  std::string_view selector;  // the CSS selector of the elements tagged
  std::string_view name;      // the parameter, input or attribute
  std::string value;
};
std::string_view tagging_name(click_tagging how);  // link_parameter, hidden_input, data_attribute

struct webhook_signature {
  std::string_view header;  // the signature header's value
  std::string_view url;     // the URL the webhook was sent to, as the request names it
  std::string_view body;
  std::string_view secret;
  unix_seconds now = 0;
  int64_t tolerance_seconds = 0;
};

struct provider {
  std::string_view name;              // POST /_edgepost/webhooks/<name>
  std::string_view secret_setting;    // its webhook secret's setting; unset: the provider is off (404)
  std::string_view forward_setting;   // <NAME>_FORWARD_TO: a path on ORIGIN, or a URL
  std::string_view signature_header;  // lower case, as the shell looks headers up
  std::string_view topic_header;      // empty: the event names its type in the body
  error_code (*verify)(const webhook_signature& signed_request);
  // An unsigned request the provider sends to test the endpoint, answered 200 without storing.
  bool (*is_setup_ping)(std::string_view body, std::string_view signature_header);  // may be null
  provider_reading (*read)(std::string_view topic, std::string_view body);
  // What a stored webhook is answered with, as text/plain, when the provider wants a word of its
  // own; empty: edgepost's JSON answer.
  std::string_view accepted_body;
  const provider_api* api;  // its follow-up reads; null when its webhooks say everything
  // Identifiers of this provider's checkout, as join keys: in a request of a shopper who has a
  // click, and in the origin's answers to it (a redirect's Location, a JSON body). May be null.
  void (*request_join_keys)(std::string_view path, std::string_view query, std::string_view cookie_header,
                            std::vector<std::string>& keys);
  void (*response_join_keys)(std::string_view text, std::vector<std::string>& keys);
  std::string_view join_key_name;  // the "<name>:" its join keys begin with; empty when it makes none
  click_tagging tagging = click_tagging::none;
  std::string_view tagging_field;     // the link parameter, form field or attribute that carries the click
  std::string_view tagging_selector;  // the CSS selector of the elements a page's HTML tags
  // The tag's value made of the click's reference; null: the reference itself.
  std::string (*tagging_value)(std::string_view reference);
};

std::span<const provider> providers();
// The provider's API when it has one and its credential is set; else null.
const provider_api* usable_api(const provider& p, const config& settings);
const provider* find_provider(std::string_view name);  // nullptr for a name no entry has
bool is_enabled(const provider& p, const config& settings);
// The provider's webhook secret (empty when it is off).
std::string_view webhook_secret(const provider& p, const config& settings);
// {"orders": …, "<name>": true|false, …}: the generic orders API and each provider, switched on or
// not, for the health report.
void write_provider_states(json_writer& out, const config& settings);
bool any_provider_enabled(const config& settings);

// The forwarding target as a URL, empty when the webhook is not forwarded.
std::string forward_target(const provider& p, const config& settings);

// Whether a join key is a provider's checkout identifier (not the merchant's own JOIN_COOKIES or
// JOIN_PARAMS key): such a key is taken only shortly after its order (attribution/join_keys.h).
bool is_provider_join_key(std::string_view key);
// How long after an order began waiting at `key` a click seen there may still take it: a
// provider's key, JOIN_GRACE_SECONDS; the merchant's own keys, no bound (nullopt).
std::optional<int64_t> join_key_window_after_order(std::string_view key, const config& settings);

// Join keys of every enabled provider, each at most once, in table order.
std::vector<std::string> provider_request_join_keys(const config& settings, std::string_view path,
                                                    std::string_view query, std::string_view cookie_header);
std::vector<std::string> response_join_keys(const config& settings, std::string_view location,
                                            std::string_view body);
// The same keys as the shell records them: the count as the code; [{key, shard}].
core_answer answer_response_joins(const config& settings, std::string_view location, std::string_view body);
// Whether any enabled provider's identifiers can appear in the origin's answers.
bool watches_responses(const config& settings);
// The tags a page gets for the enabled providers, each with the reference form of the click's
// cookie (attribution/reference_token.h).
std::vector<page_tag> page_tags(const config& settings, std::string_view cookie_token);

}  // namespace edgepost
