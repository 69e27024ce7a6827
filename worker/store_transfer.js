// Export and import of what edgepost stores (README, "Routes" and "Self-host on workerd"): every
// order with its state, the join keys and waiting orders, the landing counts, the imported Rakuten
// reports and the monitoring state, as JSON lines — for a backup, or a move between Cloudflare and
// self-hosted workerd. Sessions, sign-in failures and the alert outbox are not carried (sign in again; alerts
// already sent are not sent twice). An import keeps what the instance already holds (a row with the
// same key is not replaced), so running it twice, or after a cut-short run, is safe.
import { configuredLimits } from "./core.js";

export const EXPORT_FORMAT = "edgepost-export-1";

// For the objects: their rows of `table` after rowid `after`, `limit` at most, each with its rowid.
export function exportTableRows(sql, table, after, limit) {
  return sql.exec(`SELECT rowid AS _rowid, * FROM ${table} WHERE rowid > ? ORDER BY rowid LIMIT ?`, after, limit).toArray();
}

// For the objects: inserts rows into `table` in one transaction, keeping a row whose key is held
// already (in a table without a key, a row equal to one held). A member that is not a column, or a
// value that is not text, a number or null, refuses the batch. Answers {imported, kept}.
export function importTableRows(storage, table, rows) {
  const sql = storage.sql;
  const info = sql.exec(`PRAGMA table_info(${table})`).toArray();
  const columns = new Set(info.map((c) => c.name));
  // A table without a key (the last report import) keeps a row equal in every column to one it holds.
  const keyed = info.some((c) => c.pk > 0);
  let imported = 0;
  storage.transactionSync(() => {
    for (const row of rows) {
      const names = Object.keys(row);
      for (const name of names) {
        if (!columns.has(name)) throw new Error(`${table} has no column ${JSON.stringify(name)}`);
        const v = row[name];
        if (v !== null && typeof v !== "string" && typeof v !== "number") throw new Error(`${table}.${name} is not text, a number or null`);
      }
      const values = names.map((n) => row[n]);
      const cursor = keyed
        ? sql.exec(`INSERT OR IGNORE INTO ${table} (${names.join(", ")}) VALUES (${names.map(() => "?").join(", ")})`, ...values)
        : sql.exec(
          `INSERT INTO ${table} (${names.join(", ")}) SELECT ${names.map(() => "?").join(", ")}
           WHERE NOT EXISTS (SELECT 1 FROM ${table} WHERE ${names.map((n) => `${n} IS ?`).join(" AND ")})`, ...values, ...values,
        );
      imported += cursor.rowsWritten > 0 ? 1 : 0;
    }
  });
  return { imported, kept: rows.length - imported };
}

// The objects and their tables, in the order an export lists them.
function sources(objects) {
  return [
    ...Array.from({ length: configuredLimits().order_shards }, (_, shard) => ({ object: "shard", shard, stub: objects.shard(shard) })),
    { object: "reports", stub: objects.reports() },
    { object: "alerts", stub: objects.alerts() },
  ];
}

// GET …/admin/api/export: a header line, one line per row ({object, shard?, table, row}), and an end
// line with the count, streamed object by object, table by table.
export function exportStore(objects) {
  const batch = configuredLimits().export_batch_rows;
  const queue = sources(objects);
  let current = null, tables = [], table = null, after = 0, lines = 0, started = false, ended = false;
  const encoder = new TextEncoder();
  return new ReadableStream({
    async pull(controller) {
      if (!started) {
        started = true;
        controller.enqueue(encoder.encode(JSON.stringify({ format: EXPORT_FORMAT, exported_at: new Date().toISOString() }) + "\n"));
        return;
      }
      for (;;) {
        if (!table) {
          if (!tables.length) {
            current = queue.shift();
            if (!current) {
              if (!ended) controller.enqueue(encoder.encode(JSON.stringify({ end: true, rows: lines }) + "\n"));
              ended = true;
              controller.close();
              return;
            }
            tables = await current.stub.storedTables();
          }
          table = tables.shift();
          after = 0;
          continue;
        }
        const rows = await current.stub.dumpRows(table, after, batch);
        if (!rows.length) {
          table = null;
          continue;
        }
        after = rows.at(-1)._rowid;
        let text = "";
        for (const { _rowid, ...row } of rows) {
          const line = { object: current.object, table, row };
          if (current.object === "shard") line.shard = current.shard;
          text += JSON.stringify(line) + "\n";
        }
        lines += rows.length;
        controller.enqueue(encoder.encode(text));
        return;
      }
    },
  });
}

// POST …/admin/api/import: the lines of an export, streamed in; rows go to their object in batches.
// Answers 200 {imported, kept, rows} once every row is stored, or 400 with the line that could not
// be taken (the rows before it are stored; importing the whole file again is safe).
export async function importStore(request, objects) {
  const { export_batch_rows: batch, max_body_bytes: lineLimit } = configuredLimits();
  const refuse = (line, message) => ({ status: 400, body: JSON.stringify({ error: "bad_import", line, message }) });
  const pending = new Map();  // "object/shard/table" → {target, table, rows}
  const totals = { imported: 0, kept: 0, rows: 0 };
  const flush = async (entry) => {
    if (!entry.rows.length) return;
    const { imported, kept } = await entry.target.loadRows(entry.table, entry.rows);
    totals.imported += imported;
    totals.kept += kept;
    entry.rows = [];
  };
  const reader = request.body?.pipeThrough(new TextDecoderStream()).getReader();
  if (!reader) return refuse(0, "the body is empty: send the lines of an export");
  let buffer = "", number = 0, header = false, end = null;
  const take = async (text) => {
    number++;
    if (!text.trim()) return null;
    let line;
    try {
      line = JSON.parse(text);
    } catch {
      return refuse(number, "not JSON");
    }
    if (!header) {
      if (line?.format !== EXPORT_FORMAT) return refuse(number, `the first line must name the format ${EXPORT_FORMAT}`);
      header = true;
      return null;
    }
    if (end) return refuse(number, "a line after the end line");
    if (line?.end === true) {
      end = line;
      return null;
    }
    const { object, shard, table, row } = line ?? {};
    let target;
    if (object === "shard" && Number.isInteger(shard) && shard >= 0 && shard < configuredLimits().order_shards) target = objects.shard(shard);
    else if (object === "reports") target = objects.reports();
    else if (object === "alerts") target = objects.alerts();
    else return refuse(number, "object must be shard (with shard 0 … order_shards − 1), reports or alerts");
    if (typeof table !== "string" || !row || typeof row !== "object" || Array.isArray(row)) return refuse(number, "a row line needs table and row");
    const key = `${object}/${shard ?? ""}/${table}`;
    if (!pending.has(key)) pending.set(key, { target, table, rows: [] });
    const entry = pending.get(key);
    entry.rows.push(row);
    totals.rows++;
    if (entry.rows.length >= batch) await flush(entry);
    return null;
  };
  try {
    for (;;) {
      const { value, done } = await reader.read();
      if (value) buffer += value;
      let at;
      while ((at = buffer.indexOf("\n")) >= 0) {
        const refused = await take(buffer.slice(0, at));
        if (refused) return refused;
        buffer = buffer.slice(at + 1);
      }
      if (buffer.length > lineLimit) return refuse(number + 1, `a line is longer than ${lineLimit} bytes (MAX_BODY_BYTES)`);
      if (done) break;
    }
    if (buffer.trim()) {
      const refused = await take(buffer);
      if (refused) return refused;
    }
    for (const entry of pending.values()) await flush(entry);
  } catch (error) {
    return refuse(number, String(error?.message ?? error));
  }
  if (!header) return refuse(number, "the body is empty: send the lines of an export");
  if (!end || end.rows !== totals.rows) {
    return refuse(number, `the export is cut short: ${totals.rows} rows read and stored, the end line ${end ? `says ${end.rows}` : "is missing"}`);
  }
  return { status: 200, body: JSON.stringify(totals) };
}

