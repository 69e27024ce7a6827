#include "model/order_shard.h"

#include "encoding/json_writer.h"

namespace edgepost {

uint32_t order_shard_for(std::string_view key) {
  // FNV-1a's 32-bit offset basis and prime (Fowler, Noll, Vo; draft-eastlake-fnv).
  uint32_t hash = 2166136261u;
  for (const char c : key) {
    hash ^= static_cast<uint8_t>(c);
    hash *= 16777619u;
  }
  return hash % order_shard_count;
}

void write_addressed_key(json_writer& out, std::string_view key) {
  out.begin_object().member("key", key).member("shard", int64_t{order_shard_for(key)}).end_object();
}

}  // namespace edgepost
