// The inputs both core benchmarks use (native: core_bench.cpp reads them from a file; wasm:
// core_wasm.js), so native and wasm time exactly the same work.
export const ENV = JSON.stringify({ RAKUTEN_MID: "12345", COOKIE_SECRET: "bench-cookie-secret-0123456789" });
export const NOW = "1795514520";

export function orderArrival(lines) {
  const items = Array.from({ length: lines }, (_, i) => ({
    sku: `SKU-${i}`, name: `Product ${i} & Co`, quantity: 1 + (i % 3), unit_price: `${10 + (i % 50)}.99`,
  }));
  return JSON.stringify({
    order: { order_id: `BENCH-${lines}`, status: "paid", currency: "USD", created_at: "2026-11-24T10:02:00Z", items, discount: "5.00" },
    click: { site_id: "TnL5HPStwNw-yKbFu3Ca.Y_gNf1Zmzaw", landed_at: 1795510000 },
    click_source: "cookie",
  });
}

// name → [op, fields]
export function cases() {
  const out = { landing: [2, [NOW, "GET", "/", "ranSiteID=TnL5HPStwNw-yKbFu3Ca.Y_gNf1Zmzaw&ranMID=12345", "", ""]],
    page_view: [2, [NOW, "GET", "/products/1", "color=blue", "", ""]] };
  for (const n of [1, 10, 100, 1000]) out[`order_${n}_lines`] = [4, [NOW, "7", "", "order", orderArrival(n)]];
  return out;
}

// The ABI's framing: each field a little-endian u32 length, then its bytes.
export function frame(fields) {
  const parts = fields.map((f) => Buffer.from(f));
  const out = Buffer.alloc(parts.reduce((n, p) => n + 4 + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.writeUInt32LE(p.length, at);
    p.copy(out, at + 4);
    at += 4 + p.length;
  }
  return out;
}
