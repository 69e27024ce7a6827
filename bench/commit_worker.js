// Bench-only entry module for bench/commit_limit.js: the bare cost of a durable write on this
// machine. Each request makes one SQLite-backed object (of 16, as the order shards) insert one row
// and answers once it is committed, as a shard's event does; nothing of edgepost runs. The class
// carries the shard's name only because the bench's workerd config binds that name.
import { DurableObject } from "cloudflare:workers";

export class OrderShard extends DurableObject {
  constructor(ctx, env) {
    super(ctx, env);
    ctx.storage.sql.exec("CREATE TABLE IF NOT EXISTS rows (id INTEGER PRIMARY KEY, value TEXT NOT NULL)");
  }

  write(value) {
    this.ctx.storage.sql.exec("INSERT INTO rows (value) VALUES (?)", value);
    return true;
  }
}

let next = 0;
export default {
  async fetch(request, env) {
    if (new URL(request.url).pathname !== "/write") return new Response("warm");
    const shard = next++ % 16;
    await env.ORDERS.get(env.ORDERS.idFromName("shard:" + shard)).write("x".repeat(1000));
    return new Response("ok");
  },
};
