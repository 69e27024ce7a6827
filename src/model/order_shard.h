// Which order shard holds a key. Orders and join keys live in a fixed set of SQLite-backed
// Durable Objects ("shard:0" … "shard:15"); a key's shard is a stable hash of its bytes, so every
// path that knows the key (intake, joins, refunds, admin, the alarm) reaches the same shard
// without asking anyone.
#pragma once
#include <cstdint>
#include <string_view>

namespace edgepost {

// 16 shards: one SQLite object sustains several hundred commits a second on Cloudflare, so 16
// are far beyond any single merchant's peak, while a stats query that asks every shard stays 16
// calls. Fixed once data exists: changing it moves almost every key to another shard, so it
// would take copying every order and join row to its new shard with the worker stopped.
constexpr uint32_t order_shard_count = 16;

// FNV-1a (32 bit) of the key, modulo the shard count. The hash is part of the stored layout:
// changing it has the same consequence as changing the count.
uint32_t order_shard_for(std::string_view key);

// {"key": <key>, "shard": <its shard>}: how a key the shell must store or look up is handed over.
void write_addressed_key(class json_writer& out, std::string_view key);

}  // namespace edgepost
