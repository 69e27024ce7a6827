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

// name → [operation, fields by name] (src/abi/operations.h).
export function cases() {
  const request = (query, path) => ({ now: NOW, method: "GET", path, query, cookie: "", authorization: "", origin: "", host: "" });
  const out = {
    landing: ["request", request("ranSiteID=TnL5HPStwNw-yKbFu3Ca.Y_gNf1Zmzaw&ranMID=12345", "/")],
    page_view: ["request", request("color=blue", "/products/1")],
  };
  for (const n of [1, 10, 100, 1000]) out[`order_${n}_lines`] = ["order_arrived", { now: NOW, random: "7", record: "", arrival: orderArrival(n) }];
  return out;
}
