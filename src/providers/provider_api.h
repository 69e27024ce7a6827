// A provider's API, for what its webhooks leave out: an order's lines (a Stripe Checkout Session's,
// a Square order's) and the refunds of a charge whose event does not list them. An entry of the
// provider table names its API (providers/provider_table.h); intake and the order's shard read
// through it, page by page, and never know which provider they are reading.
#pragma once
#include <string>
#include <string_view>
#include <vector>

#include "config/config.h"
#include "model/order.h"
#include "support/utc_time.h"

namespace edgepost {

// Where one page of a provider's list leaves off: read, whether more follow, and the last entry's
// id (the next page starts after it).
struct api_list_page {
  bool ok = false;
  bool has_more = false;
  std::string last_id;
};

struct provider_api {
  std::string_view key_setting;   // the API credential's setting; unset: edgepost reads nothing
  std::string_view base_setting;  // <NAME>_API_BASE: the API's origin (tests point it at a stand-in)
  std::string_view default_base;
  // The Authorization header's value for the credential.
  std::string (*authorization)(std::string_view key);
  // The page after the entry `after` (empty: the first) of the lines of `source`.
  std::string (*items_url)(std::string_view base, std::string_view source, std::string_view after);
  api_list_page (*read_items)(std::string_view body, std::string_view currency, std::vector<line_item>& items);
  // The page after `after` of the refunds of `source`; both null when the provider's refund
  // events always name their refunds.
  std::string (*refunds_url)(std::string_view base, std::string_view source, std::string_view after);
  api_list_page (*read_refunds)(std::string_view body, unix_seconds event_time, std::vector<order_event>& refunds);
};

// "Bearer <key>": the Authorization both Stripe's and Square's APIs take.
std::string bearer_authorization(std::string_view key);

// The API's credential, empty when it is not set (and nothing is read).
std::string_view api_key(const provider_api& api, const config& settings);
// The API's base URL without a trailing '/': its setting, else the default.
std::string_view api_base(const provider_api& api, const config& settings);

}  // namespace edgepost
