// The ledger: one SQLite-backed Durable Object per UTC day, one row per order, written by the
// order's own object after every change. Rows carry the order's revision, so a late report
// never overwrites a newer one. What a row says is decided by the core (src/ledger/ledger.cpp).
import { DurableObject } from "cloudflare:workers";

export class LedgerObject extends DurableObject {
  constructor(ctx, env) {
    super(ctx, env);
    this.sql = ctx.storage.sql;
    this.sql.exec(`CREATE TABLE IF NOT EXISTS orders (
      order_id TEXT PRIMARY KEY, revision INTEGER NOT NULL, state TEXT NOT NULL, attributed INTEGER NOT NULL,
      sent INTEGER NOT NULL, currency TEXT NOT NULL, amount INTEGER NOT NULL)`);
    this.sql.exec("CREATE INDEX IF NOT EXISTS orders_by_state ON orders(state)");
  }

  upsert(row) {
    this.sql.exec(
      `INSERT INTO orders (order_id, revision, state, attributed, sent, currency, amount) VALUES (?, ?, ?, ?, ?, ?, ?)
       ON CONFLICT(order_id) DO UPDATE SET revision = excluded.revision, state = excluded.state,
         attributed = excluded.attributed, sent = excluded.sent, currency = excluded.currency, amount = excluded.amount
       WHERE excluded.revision > orders.revision`,
      row.order_id, row.revision, row.state, row.attributed ? 1 : 0, row.sent ? 1 : 0, row.currency, row.amount,
    );
  }

  grouped(day) {
    return this.sql
      .exec(`SELECT state, attributed, sent, currency, COUNT(*) AS orders, SUM(amount) AS amount
             FROM orders GROUP BY state, attributed, sent, currency`)
      .toArray()
      .map((r) => ({ day, ...r }));
  }

  orderIds(states, limit) {
    const where = states.length ? `WHERE state IN (${states.map(() => "?").join(",")})` : "";
    return this.sql.exec(`SELECT order_id FROM orders ${where} ORDER BY order_id LIMIT ?`, ...states, limit)
      .toArray()
      .map((r) => r.order_id);
  }
}
