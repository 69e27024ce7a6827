// The generic join: a merchant's own identifiers (a cart id cookie, an order id in a URL) seen on
// a request that carries the attribution cookie become join keys "<name>:<value>". An order that
// later names one of them meets its click, without any change to the origin.
#pragma once
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "config/config.h"
#include "support/utc_time.h"

namespace edgepost {

constexpr std::string_view join_marker_cookie_name = "edgepost_join";
constexpr size_t max_join_value_length = 128;
// A merchant's own identifier (JOIN_COOKIES, JOIN_PARAMS) becomes a join key only when a stranger
// cannot guess it: anyone with an affiliate cookie who names another shopper's key claims that
// shopper's order. Sequential order numbers and short cart ids are refused; a UUID (36), a 128-bit
// hex token (32) or a random 16-character id passes. Length is not randomness: the README says so.
constexpr size_t min_join_value_length = 16;

// The join keys one request may record, and their total size. A checkout shows one or two
// identifiers (a cart id, a checkout session); each key recorded is a storage write, and one URL of
// 16 KB holds about 1,000 Stripe session ids, which must not become a thousand writes.
constexpr size_t max_join_keys_per_request = 8;
constexpr size_t max_join_keys_bytes = 1024;

// Keeps the first keys within both limits (the merchant's own first, as they are listed first).
void cap_join_keys(std::vector<std::string>& keys);

// A value seen in traffic that may become part of a join key: visible ASCII without quotes or
// backslashes (cart and order ids are), at most max_join_value_length characters.
bool is_valid_join_value(std::string_view value);

// The join keys this request shows, in configuration order, each at most once; values shorter than
// min_join_value_length are not taken.
std::vector<std::string> capture_join_keys(const config& settings, std::string_view query,
                                           std::string_view cookie_header);

// A short digest of (attribution token, keys): the marker cookie that says "these keys were
// already recorded for this click", so a key is recorded once, not on every page view. Not a
// security boundary (a forged marker only suppresses recording for its own sender).
std::string join_marker(std::string_view token, const std::vector<std::string>& keys);

// What a join key may store (README, "Security"). Recording a key is a storage write that anyone
// holding a click can cause, so it is bounded: per click in each order shard (a checkout shows a few
// keys; a request at most max_join_keys_per_request) and per shard in all. And a provider's checkout
// identifier (a Stripe session id in the success page's URL, a WooCommerce order key) is taken only
// until JOIN_GRACE_SECONDS after an order began waiting at it: the shopper's own success page comes
// within moments of the payment, while a stranger who learnt the identifier later (a shared link, a
// Referer) would claim the sale. A merchant's own keys (JOIN_COOKIES, JOIN_PARAMS) are the merchant's
// choice of unguessable identifiers and keep the whole attribution window.
constexpr int64_t max_join_keys_per_click_per_shard = 8;
constexpr int64_t max_join_keys_per_shard = 250'000;

struct join_key_situation {
  std::optional<unix_seconds> stored_expires_at;  // the key's click expires then; nullopt: it has none
  std::optional<unix_seconds> waiting_since;      // the earliest order waiting at the key began then
  std::optional<int64_t> taken_after_order_for;   // a provider key: JOIN_GRACE_SECONDS; nullopt: no bound
  int64_t click_keys = 0;                         // keys this click already holds in the shard
  int64_t shard_keys = 0;                         // keys the shard holds
};

enum class join_key_verdict {
  takes,    // the click takes the key (and the orders waiting there)
  kept,     // the key's first click keeps it; the waiting orders get that one
  refused,  // nothing is stored
};

struct join_key_decision {
  join_key_verdict verdict;
  std::string_view why;  // for refused: a sentence for the merchant's logs
};

// The first click a key records keeps it until it expires: a later click, anyone's, cannot take
// over a key an order will be joined by (a stranger who learnt a shopper's cart id would otherwise
// claim the shopper's sale).
join_key_decision decide_join_key(const join_key_situation& situation, unix_seconds now);

}  // namespace edgepost
