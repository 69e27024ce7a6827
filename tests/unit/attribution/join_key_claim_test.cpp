#include <catch2/catch.hpp>

#include "attribution/join_keys.h"

using namespace edgepost;

namespace {

constexpr unix_seconds now = 1795514520;

constexpr int64_t grace = 3600;  // JOIN_GRACE_SECONDS, for a provider's key

join_key_verdict verdict(std::optional<unix_seconds> stored_expires_at, std::optional<unix_seconds> waiting_since = {},
                         int64_t click_keys = 0, int64_t shard_keys = 0, std::optional<int64_t> bound = grace) {
  return decide_join_key({stored_expires_at, waiting_since, bound, click_keys, shard_keys}, now).verdict;
}

}  // namespace

TEST_CASE("A join key's first click keeps it until it expires, then the next click takes it") {
  struct row {
    std::optional<unix_seconds> stored_expires_at;
    join_key_verdict expected;
  };
  const row table[] = {
      {std::nullopt, join_key_verdict::takes},  // no click yet: the first one takes the key
      {now + 1, join_key_verdict::kept},        // a live click keeps the key against anyone's later click
      {now + 30 * 86400, join_key_verdict::kept},
      {now, join_key_verdict::takes},  // expired at this very second
      {now - 1, join_key_verdict::takes},
  };
  for (const auto& r : table) {
    INFO((r.stored_expires_at ? std::to_string(*r.stored_expires_at - now) : "none"));
    CHECK(verdict(r.stored_expires_at) == r.expected);
  }
}

TEST_CASE("A provider's key an order has waited at for longer than JOIN_GRACE_SECONDS takes no click") {
  struct row {
    const char* what;
    std::optional<unix_seconds> waiting_since;
    std::optional<int64_t> bound;
    join_key_verdict expected;
  };
  const row table[] = {
      {"no order waits", std::nullopt, grace, join_key_verdict::takes},
      {"the order arrived a moment ago (the success page)", now - 5, grace, join_key_verdict::takes},
      {"exactly the grace", now - grace, grace, join_key_verdict::takes},
      {"the grace and a second", now - grace - 1, grace, join_key_verdict::refused},
      {"a week after the sale", now - 7 * 86400, grace, join_key_verdict::refused},
      {"a grace of 0: only before the order", now - 1, int64_t{0}, join_key_verdict::refused},
      {"the merchant's own key a week after the sale: no bound", now - 7 * 86400, std::nullopt, join_key_verdict::takes},
  };
  for (const auto& r : table) {
    INFO(r.what);
    CHECK(verdict(std::nullopt, r.waiting_since, 0, 0, r.bound) == r.expected);
  }
  CHECK_FALSE(decide_join_key({std::nullopt, now - 7 * 86400, grace, 0, 0}, now).why.empty());
}

TEST_CASE("Join keys are bounded per click in each shard and per shard") {
  struct row {
    const char* what;
    int64_t click_keys, shard_keys;
    join_key_verdict expected;
  };
  const row table[] = {
      {"a click's first key", 0, 0, join_key_verdict::takes},
      {"its eighth key in this shard", max_join_keys_per_click_per_shard - 1, 10, join_key_verdict::takes},
      {"its ninth", max_join_keys_per_click_per_shard, 10, join_key_verdict::refused},
      {"the shard's last free place", 0, max_join_keys_per_shard - 1, join_key_verdict::takes},
      {"the shard is full", 0, max_join_keys_per_shard, join_key_verdict::refused},
  };
  for (const auto& r : table) {
    INFO(r.what);
    CHECK(verdict(std::nullopt, std::nullopt, r.click_keys, r.shard_keys) == r.expected);
  }
  // A key whose click is live keeps it whatever the counts: nothing new is stored.
  CHECK(verdict(now + 60, std::nullopt, max_join_keys_per_click_per_shard, max_join_keys_per_shard) == join_key_verdict::kept);
}
