// Rakuten's side of the ledger: one SQLite-backed Durable Object ("reports") holding the orders of
// every imported report (one total per Order ID, as the core read them), the days the imports
// covered, and the last import's summary. The core reads the files and decides what an import
// replaces (src/reconciliation/report_import.h); this file stores and selects.
import { DurableObject } from "cloudflare:workers";
import { exportTableRows, importTableRows } from "./store_transfer.js";

const REPORT_TABLES = ["report_orders", "report_days", "report_imports"];

const SCHEMA = [
  `CREATE TABLE IF NOT EXISTS report_orders (
     order_id TEXT PRIMARY KEY, currency TEXT NOT NULL, sales INTEGER NOT NULL, rows INTEGER NOT NULL,
     first_day TEXT NOT NULL)`,
  "CREATE INDEX IF NOT EXISTS report_orders_by_day ON report_orders (first_day)",
  "CREATE TABLE IF NOT EXISTS report_days (day TEXT PRIMARY KEY)",
  "CREATE TABLE IF NOT EXISTS report_imports (at INTEGER NOT NULL, report TEXT NOT NULL)",
];

export function reportStore(env) {
  return env.REPORTS.get(env.REPORTS.idFromName("reports"));
}

export class ReportStore extends DurableObject {
  constructor(ctx, env) {
    super(ctx, env);
    this.sql = ctx.storage.sql;
    for (const statement of SCHEMA) this.sql.exec(statement);
  }

  // One import, in one transaction: the report is the truth for the days it covers, so what an
  // earlier import said of those days goes.
  importReport(store, at) {
    const orders = JSON.parse(store.orders);
    this.ctx.storage.transactionSync(() => {
      if (store.from) {
        this.sql.exec("DELETE FROM report_orders WHERE first_day BETWEEN ? AND ?", store.from, store.to);
        for (const day of store.days) this.sql.exec("INSERT OR IGNORE INTO report_days (day) VALUES (?)", day);
      }
      for (const o of orders) {
        this.sql.exec(
          `INSERT INTO report_orders (order_id, currency, sales, rows, first_day) VALUES (?, ?, ?, ?, ?)
           ON CONFLICT (order_id) DO UPDATE SET currency = excluded.currency, sales = excluded.sales,
             rows = excluded.rows, first_day = excluded.first_day`,
          o.order_id, o.currency, o.sales, o.rows, o.first_day,
        );
      }
      this.sql.exec("DELETE FROM report_imports");
      this.sql.exec("INSERT INTO report_imports (at, report) VALUES (?, ?)", at, store.report);
    });
  }

  // Export and import (worker/store_transfer.js).
  storedTables() {
    return REPORT_TABLES;
  }

  dumpRows(table, after, limit) {
    if (!REPORT_TABLES.includes(table)) throw new Error(`the report store has no table ${table}`);
    return exportTableRows(this.sql, table, after, limit);
  }

  loadRows(table, rows) {
    if (!REPORT_TABLES.includes(table)) throw new Error(`the report store has no table ${table}`);
    return importTableRows(this.ctx.storage, table, rows);
  }

  // What reconciliation needs of the days from … to: the report's orders, every covered day, and
  // the last import.
  view(from, to) {
    const orders = this.sql.exec(
      "SELECT order_id, currency, sales, rows, first_day FROM report_orders WHERE first_day BETWEEN ? AND ?", from, to,
    ).toArray();
    const covered = this.sql.exec("SELECT day FROM report_days ORDER BY day").toArray().map((r) => r.day);
    const last = this.sql.exec("SELECT report FROM report_imports LIMIT 1").toArray()[0];
    return { orders, covered, report: last?.report ?? "" };
  }
}

