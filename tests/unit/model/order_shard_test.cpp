#include <catch2/catch.hpp>

#include <set>
#include <string>

#include "model/order_shard.h"

using namespace edgepost;

// The expected shards are FNV-1a 32-bit hashes worked out outside the core (Python, from the
// algorithm's published constants), modulo 16. They are part of the stored layout: if one of
// these changes, every stored order would be looked for in the wrong shard.
TEST_CASE("an order key's shard is FNV-1a of its bytes modulo 16") {
  struct row {
    const char* key;
    uint32_t shard;
  };
  const row rows[] = {{"", 2166136261u % 16},          {"a", 3826002220u % 16},
                      {"A-1001", 2740036005u % 16},    {"shopify:450789469", 3767522345u % 16},
                      {"pi_1PgafyB7WZ01zgkWSjxsAJo3", 1378170478u % 16}};
  for (const auto& r : rows) {
    INFO(r.key);
    CHECK(order_shard_for(r.key) == r.shard);
  }
}

TEST_CASE("order keys spread over every shard") {
  std::set<uint32_t> seen;
  for (int i = 0; i < 1000; ++i) {
    const uint32_t shard = order_shard_for("A-" + std::to_string(i));
    CHECK(shard < order_shard_count);
    seen.insert(shard);
  }
  CHECK(seen.size() == order_shard_count);
}
