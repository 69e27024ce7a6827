// Bench-only entry module for bench/stats.js: the real worker, with each shard able to fill itself
// with synthetic orders (rows as the shard writes them: a record and its ledger columns), so the
// stats and orders routes can be timed over a long range without sending 100,000 orders first.
// Never deployed.
import worker, { OrderShard as RealOrderShard } from "../worker/index.js";
import { orderShard } from "../worker/order_shard.js";

const STATES = ["accepted", "accepted", "accepted", "accepted", "pending", "unattributed", "rejected", "dead"];

export class OrderShard extends RealOrderShard {
  benchFill(shard, orders, days, today) {
    const base = Date.parse(today + "T00:00:00Z");
    for (let i = 0; i < orders; i++) {
      const key = `F-${shard}-${i}`;
      const day = new Date(base - (i % days) * 86400_000).toISOString().slice(0, 10);
      const state = STATES[i % STATES.length];
      // About the size of a real one-line order's record.
      const record = JSON.stringify({ v: 1, order_id: key, order_key: key, revision: 3, padding: "x".repeat(900) });
      this.sql.exec(
        `INSERT INTO orders (order_key, order_id, record, wake_at, day, state, attributed, sent, currency, amount)
         VALUES (?, ?, ?, 0, ?, ?, ?, ?, ?, ?)`,
        key, key, record, day, state, state === "unattributed" ? 0 : 1, state === "accepted" || state === "rejected" || state === "dead" ? 1 : 0,
        i % 10 === 0 ? "EUR" : "USD", 10_000_000 + (i % 997) * 10_000,
      );
    }
    return orders;
  }
}

export default {
  async fetch(request, env, ctx) {
    const url = new URL(request.url);
    if (url.pathname !== "/_bench/fill") return worker.fetch(request, env, ctx);
    const shards = Number(url.searchParams.get("shards"));
    const perShard = Number(url.searchParams.get("per_shard"));
    const days = Number(url.searchParams.get("days"));
    const today = url.searchParams.get("today");
    const filled = await Promise.all(Array.from({ length: shards }, (_, s) => orderShard(env, s).benchFill(s, perShard, days, today)));
    return Response.json({ orders: filled.reduce((a, b) => a + b, 0) });
  },
};
