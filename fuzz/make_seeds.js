// Writes the fuzz targets' seed corpora (fuzz/corpus/<target>/) from the providers' sample payloads
// (tests/fixtures) and inputs of the unit tests, minified, fields separated by 0x1E as the targets
// split them (fuzz/abi_driver.h). Run it again after changing a fixture: node fuzz/make_seeds.js
import { mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const fixture = (name) => JSON.stringify(JSON.parse(readFileSync(path.join(root, "tests/fixtures", name), "utf8")));
const FS = "\x1e";

const order = {
  order_id: "A-1001", status: "paid", currency: "USD", created_at: "2026-11-24T10:02:00Z",
  items: [{ sku: "TSHIRT-BLUE", name: "Blue T-shirt", quantity: 2, unit_price: "19.99" }, { sku: "GIFT", quantity: 1, unit_price: 5 }],
  discount: "5.00", attribution: "v1.x.y",
  click: { site_id: "abc", landed_at: "2026-11-20T08:15:00Z", mid: "12345" }, join_keys: ["cart_id:c-8f2e"],
};
const refund = { order_id: "A-1001", status: "refunded", currency: "USD", created_at: "2026-11-25T10:02:00Z",
  refund_id: "R-1", items: [{ sku: "GIFT", quantity: 1, unit_price: "5" }] };
const cancel = { order_id: "A-1001", status: "cancelled", currency: "USD", created_at: "2026-11-25T10:02:00Z" };
const storedSale = { order_id: "A-1", status: "paid", currency: "USD", created_at: "2026-11-24T10:02:00Z",
  items: [{ sku: "S", name: "N", quantity: 1, unit_price: "10.00" }], discount: "0" };
const click = { site_id: "CLICK", landed_at: 1795510000, landed_at_utc: "2026-11-24T08:46:40Z", mid: "12345", eaid: "" };
const arrival = { order: storedSale, click, click_source: "cookie" };
const record = {
  v: 1, order_id: "A-1", order_key: "A-1", revision: 2, received_at: 1795514520, sale: storedSale, click,
  click_source: "cookie", attribution: "attributed", click_deadline: 0,
  deliveries: [{ id: "sale", url: "https://track.linksynergy.com/ep?mid=12345&ord=A-1&tr=CLICK", state: "queued",
    created_at: 1795514520, next_at: 1795514520, in_flight_since: 1795514520, attempts_in_round: 0, attempts: [] }],
  adjustments: [],
};
const itemsFetch = { source_id: "cs_test_a1B2", url: "https://api.stripe.com/v1/checkout/sessions/cs_test_a1B2/line_items?limit=100",
  fetched: [], pages: 0, failures: 0, next_at: 1795514520, in_flight_since: 1795514520 };
const reading = { ...record, deliveries: [], items_pending: itemsFetch };
const j = (v) => JSON.stringify(v);

const seeds = {
  request: [
    ["GET", "/", "ranSiteID=TnL5HPStwNw-yKbFu3Ca.Y_g/*Nf1Zmzaw&ranMID=12345&ranEAID=EAID", "", ""],
    ["GET", "/checkout/order-received/727/", "key=wc_order_58d2&order_ref=R-12345678", "edgepost_click=v1.x.y; cart=c1-abc; cart_id=c-8f2e", ""],
    ["GET", "/success", "session_id=cs_test_a1B2", "edgepost_click=v1.eA.eQ; edgepost_join=abc", ""],
    ["GET", "/_edgepost/admin/api/orders/A-1/retry", "", "", "Bearer fuzz-admin-token-0123456789abcdef"],
    ["POST", "/_edgepost/webhooks/stripe", "", "", ""],
    ["GET", "/_edgepost/health", "", "", ""],
    ["POST", "/_edgepost/admin/api/alerts/test", "", "edgepost_admin=v1.1795550000.abc", "", "https://shop.example", "shop.example"],
    ["GET", "/_edgepost/admin/", "", "edgepost_admin=v1.x.y", "", "", ""],
  ],
  orders_api: [[j(order)], [j(refund)], [j(cancel)],
    [j({ ...order, attribution: undefined, click: { network: "awin", click_id: "1001_2_x", landed_at: "2026-11-20T08:15:00Z" } })]],
  networks: [
    ["rakuten", "200", "<response><good>1</good><bad>0</bad></response>", "", "v1.eA.eQ"],
    ["rakuten", "200", "<error>Access denied</error>", "", ""],
    ["awin", "200", "{}", "", "v2.cmFrdXRlbnxBfDE3OTU1MTAwMDB8fH5janxCfDE3OTU1MTAwMDB8fA.AAAA"],
    ["awin", "429", "{\"error\":\"slow down\"}", "30", ""],
    ["impact", "401", "{\"Status\":\"ERROR\"}", "", ""],
    ["impact", "503", "", "120", ""],
    ["cj", "200", "{\"data\":{\"createOrders\":{\"orders\":[{\"orderId\":\"N-1\",\"submissionId\":\"s1\"}],\"errors\":null}}}", "", ""],
    ["cj", "200", "{\"data\":{\"createOrders\":{\"orders\":null,\"errors\":[{\"message\":\"bad\",\"fields\":[\"items\"]}]}}}", "", ""],
    ["cj", "200", "{\"errors\":[{\"message\":\"Not authorized\"}]}", "", ""],
  ],
  consent: [
    ...JSON.parse(readFileSync(path.join(root, "tests/fixtures/consent/tc_strings.json"), "utf8"))
      .map((c) => ["tcf", `a=1; euconsent-v2=${c.tc_string}`]),
    ["onetrust", "OptanonConsent=isGpcEnabled=0&interactionCount=1&groups=C0001%3A1%2CC0004%3A1&AwaitingReconsent=false"],
    ["onetrust", "OptanonConsent=isGpcEnabled=0&interactionCount=0"],
    ["cookiebot", "CookieConsent={stamp:%27abc%3D%3D%27%2Cnecessary:true%2Cmarketing:true%2Cmethod:%27explicit%27}"],
    ["cookiebot", "CookieConsent={stamp:%27-1%27%2Cmarketing:false}"],
    ["cookie:shop_consent=yes", "shop_consent=yes"],
    ["cookie:shop_consent=yes", "shop_consent=no"],
  ],
  provider_webhook: [
    ["stripe", "", fixture("stripe/checkout.session.completed.json")],
    ["stripe", "", fixture("stripe/charge.refunded.json")],
    ["stripe", "", fixture("stripe/refund.created.json")],
    ["shopify", "orders/paid", fixture("shopify/orders-paid.json")],
    ["shopify", "refunds/create", fixture("shopify/refunds-create.json")],
    ["woocommerce", "order.updated", fixture("woocommerce/order-updated-processing.json")],
    ["woocommerce", "order.updated", fixture("woocommerce/order-updated-with-refunds.json")],
    ["woocommerce", "", "webhook_id=15"],
    ["paddle", "", fixture("paddle/transaction.completed.json")],
    ["square", "", fixture("square/payment.updated.json")],
    ["square", "", fixture("square/refund.updated.json")],
    ["adyen", "", fixture("adyen/AUTHORISATION.true.json")],
  ],
  provider_continue: [
    [j({ kind: "refunds", provider: "stripe", charge: "ch_3P", refunds: [], pages: 0, forward_to: "" }),
      "200", j({ object: "list", has_more: true, data: [JSON.parse(fixture("stripe/refund.created.json")).data.object] })],
    [j({ kind: "refunds", provider: "stripe", charge: "ch_3P", refunds: [refund], pages: 3, forward_to: "/hook" }), "0", "TypeError: fetch failed"],
  ],
  response_joins: [
    ["https://checkout.stripe.com/c/pay/cs_test_a1B2#frag", ""],
    ["", j({ redirect: "https://s/checkout/order-received/727/?key=wc_order_58d2" })],
  ],
  stats: [
    ["from=2026-11-01&to=2026-11-24", j([{ day: "2026-11-24", state: "accepted", attributed: 1, sent: 1, currency: "USD", orders: 3, amount: 81000000 }]), "0"],
    ["state=dead,pending&from=2026-11-20", "[]", "2"],
  ],
  configuration: [
    [j({ RAKUTEN_MID: "12345", COOKIE_SECRET: "0123456789abcdef", ATTRIBUTION_DAYS: "45", MODE: "shadow", RETRY_SCHEDULE: "10,20,30",
      JOIN_COOKIES: "cart_id", JOIN_PARAMS: "order_ref", MAX_BODY_BYTES: "2048", ORIGIN: "https://shop.example/",
      DISCOUNT_REPORTING: "spread", CURRENCIES_WITHOUT_CENTS: "JPY,KRW" })],
    ["{}"],
  ],
  rakuten_report: [
    ["\uFEFFReport,Signature Orders\r\nDate Range,11/01/26 - 11/30/26\r\n\r\nMember ID (U1),Order ID,SKU,Transaction Date,Sales,Currency\r\n" +
      "u1,A-1001,SHIRT,11/24/26,\"1,234.56\",USD\r\nu1,A-1001,MUG,11/24/26,7.50,USD\r\nu1,A-1001,SHIRT,11/27/26,-617.28,USD\r\n,,,,\"624.78\",\r\n"],
    ["order id,sales,transaction date\nB-1,10,2026-11-24\nB-2,\"5\"\"\",2026-11-25\n"],
  ],
  reconciliation: [
    ["from=2026-11-01&to=2026-11-24",
      "\uFEFFReport,Signature Orders\r\n\r\nOrder ID,SKU,Transaction Date,Sales,Currency\r\nA-1,S,11/20/26,\"1,234.56\",USD\r\nB-1,S,11/21/26,-5.00,USD\r\n",
      j([{ day: "2026-11-20", state: "accepted", attributed: 1, sent: 1, currency: "USD", orders: 1, amount: 1234560000 }]),
      j([{ order_id: "A-1", day: "2026-11-20", state: "accepted", currency: "USD", reported_amount: 1234560000 },
        { order_id: "C-1", day: "2026-11-19", state: "unattributed", currency: "USD", reported_amount: 0 }]),
      "[]", j(["2026-11-19", "2026-11-20", "2026-11-21"]),
      j({ source: "upload", imported_at: "2026-11-24T10:00:00Z", from: "2026-11-19", to: "2026-11-21", rows: 2, orders: 2 }),
      j([{ order_id: "=A-1", order_key: "k", day: "2026-11-20", state: "accepted", attributed: 1, sent: 1, currency: "USD",
        amount: 42480000, reported_amount: -5000000 }])],
    ["status=only_at_rakuten,matched", "order id,sales,transaction date\nB-1,10,2026-11-24\n", "[]", "[]",
      j([{ order_id: "B-1", currency: "", sales: 10000000, rows: 1, first_day: "2026-11-24" }]), "[]", "", "[]"],
  ],
  monitor: [
    ["", "signals", j(["first_attempt_failed", "access_denied", "dead_letter"])],
    [j({ alerts: [{ id: "access_denied-1795514000", type: "access_denied", severity: "critical", message: "m",
      opened_at: 1795514000, resolved_at: 0, notified_at: 1795514000, observed: 0, baseline: 0, n: 1 }],
      failed_first_attempts: 2, failed_pulls: 1, last_pull_at: 1795420000, last_weekly_day: "", tests_sent: 3 }),
      "signals", j(["accepted"])],
    ["", "checks", j([{ day: "2026-11-24", state: "accepted", attributed: 1, sent: 1, currency: "USD", orders: 30, amount: 1000 }]),
      j([{ order_id: "A-1", day: "2026-11-20", state: "accepted", currency: "USD", reported_amount: 10000000 }]),
      j([{ order_id: "A-1", currency: "USD", sales: 1000000000, rows: 1, first_day: "2026-11-20" }]),
      j(["2026-11-19", "2026-11-20"]), "1795500000", "503", ""],
    ["", "weekly", "[]", "[]", "[]", "[]", "0"],
    ["", "plan"], ["", "test"], ["", "view"],
  ],
  order_event: [
    ["", "order", j(arrival)],
    ["", "order", j({ order: storedSale })],
    [j(record), "alarm"],
    [j(record), "attempt", "sale", "1795514520", "200", "<good>1</good><bad>0</bad>", ""],
    [j(record), "attempt", "sale", "1795514520", "429", "", "120"],
    [j(record), "attempt", "sale", "1795514520", "200", "<error>Access denied</error>", ""],
    [j(record), "clicks", j([click, { ...click, site_id: "LATER", landed_at: click.landed_at + 60 }])],
    [j(record), "order", j({ order: refund })],
    [j(record), "click", j(click), "join_key"],
    ["", "order", j({ ...arrival, items: { ...itemsFetch, in_flight_since: 0 } })],
    [j(reading), "items", "1795514520", "200", fixture("stripe/checkout.session.line_items.json")],
    [j(reading), "items", "1795514520", "503", ""],
    [j(reading), "alarm"],
    [j(record), "requeue"],
    [j(record), "view"],
  ],
};

for (const [target, list] of Object.entries(seeds)) {
  const dir = path.join(root, "fuzz/corpus", target);
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  list.forEach((fields, i) => writeFileSync(path.join(dir, `seed-${String(i + 1).padStart(2, "0")}`), fields.join(FS)));
}
console.log(`seeds written for ${Object.keys(seeds).length} targets`);
