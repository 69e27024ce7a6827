#include <catch2/catch.hpp>

#include "attribution/join_keys.h"

using namespace edgepost;

TEST_CASE("A join key's first click keeps it until it expires, then the next click takes it") {
  const unix_seconds now = 1795514520;
  struct row {
    std::optional<unix_seconds> stored_expires_at;
    bool takes;
  };
  const row table[] = {
      {std::nullopt, true},  // no click yet: the first one takes the key
      {now + 1, false},      // a live click keeps the key against anyone's later click
      {now + 30 * 86400, false},
      {now, true},           // expired at this very second
      {now - 1, true},
  };
  for (const auto& r : table) {
    INFO((r.stored_expires_at ? std::to_string(*r.stored_expires_at - now) : "none"));
    CHECK(join_key_takes_click(r.stored_expires_at, now) == r.takes);
  }
}
