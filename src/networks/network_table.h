// The affiliate networks edgepost knows, one entry each (as providers/ holds the payment
// providers): how a landing carries the network's click, what of it is kept, whether edgepost sends
// to it with the merchant's settings, how its request for a conversion is built, and how its answer
// is judged. Each network's own rules live in its folder (networks/rakuten/, …); nothing outside the
// entry and its folder names a network. Adding a network is an entry here plus its folder: README,
// "Networks", says what it takes.
#pragma once
#include <span>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "config/config.h"
#include "model/click.h"
#include "networks/conversion.h"
#include "networks/network_verdict.h"
#include "support/result.h"

namespace edgepost {

// What the shell sends for one attempt, apart from the credentials (network::auth_headers).
struct network_request {
  std::string method = "GET";
  std::string url;
  std::string content_type;  // with a body
  std::string body;
};

using header_list = std::vector<std::pair<std::string, std::string>>;

// Whether edgepost tells a network of the sales it wins (health lists it, README "Networks"):
// sending, every required setting present; observing, none of its credentials set (its clicks are
// still captured, so it can win; its own tracking reports its sales); misconfigured, some but not
// all, or one invalid.
enum class network_state { sending, observing, misconfigured };
std::string_view network_state_name(network_state s);

struct network_status {
  network_state state = network_state::observing;
  std::string why;  // a sentence for the merchant
};

struct network {
  std::string_view name;               // as records, settings and the API name it
  std::string_view display_name;       // as the merchant reads it in alerts and on the dashboard
  std::string_view landing_parameter;  // the query parameter a landing carries its click id in
  bool (*valid_click_id)(std::string_view id);
  // The rest of the click a landing carries (Rakuten: the merchant and affiliate ids); may be null.
  void (*read_landing)(std::string_view query, click& c);
  // Why a landing's click is not this merchant's, from what the link says besides the click id
  // (Rakuten: a ranMID other than RAKUTEN_MID); empty when it is. May be null: never refused.
  std::string_view (*refuse_landing)(const config& settings, std::string_view query);
  // The publisher a click names, for consent exemptions (CONSENT_EXEMPT_SITES); may be null: the
  // network's clicks name none.
  std::string (*publisher)(const click& c);
  // Cookies of the network's own a landing sets beside edgepost's (Rakuten's rmStore); may be null.
  void (*landing_cookies)(const config& settings, const click& c, unix_seconds now, std::vector<std::string>& out);
  // Where it stands with these settings; null for a network edgepost cannot send to yet.
  network_status (*status)(const config& settings);
  // The request telling it of a conversion (the click is the network's own). too_large and
  // amount_out_of_range when it cannot be built. Null for a network edgepost only observes.
  result<network_request> (*build)(const config& settings, const conversion& c);
  // Why a change the builder answered not_supported for is not sent, and what the merchant does
  // instead: a sentence for the delivery's record.
  std::string_view unsent_change_why;
  // What to check when its attempts keep failing, and what to do when it refuses the merchant's
  // access: sentences for alerts; empty for the general advice (its settings, as health describes).
  std::string_view settings_advice;
  std::string_view access_denied_advice;
  // Headers carrying the network's credentials, added at each attempt; may be null (none).
  void (*auth_headers)(const config& settings, header_list& out);
  // What an attempt's answer means (status 0: no answer at all). Null for a network edgepost only
  // observes.
  attempt_judgement (*judge)(int status, std::string_view body, std::string_view retry_after_header);
};

std::span<const network> networks();
const network* find_network(std::string_view name);  // nullptr for a name no entry has
// The network a record names, where an empty name is the table's first (records written before
// there was more than one network); nullptr for a name no entry has.
const network* network_named(std::string_view name);
// Where a network stands with these settings; sends_to: it is sending.
network_status status_of(const network& n, const config& settings);
bool sends_to(const network& n, const config& settings);

// {"<name>": {"state", "why"}} for health.
void write_network_states(class json_writer& out, const config& settings);

}  // namespace edgepost
