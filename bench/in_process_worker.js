// Bench-only entry module for the in-process page-view measurement (bench/in_process.js): the
// real worker and a bare pass-through handler, driven alternately many thousands of times inside
// one request, against an origin that answers in process (the global fetch replaced by a canned
// answer), so the figure is the shell's and core's own cost with no network in it. Never deployed.
import { call, callUnread, configure, lastAnswer, nowSeconds } from "../worker/core.js";
import coreModule from "../build/module/edgepost.wasm";
import { framedCall, instantiateCore, operationTable } from "./abi_table.js";
import { ENV, cases } from "./core_inputs.js";
import worker, { OrderShard } from "../worker/index.js";

export { OrderShard };

const PAGE = "<!doctype html><html><head><title>Shirt</title></head><body><h1>Shirt</h1>" +
  "<p>A plain page of about one kilobyte, as a product page's first chunk would be.</p>".repeat(10) +
  '<a href="https://buy.stripe.com/test_6oE5mW?prefilled_email=a%40b.c">Buy</a></body></html>';

// The origin: every request gets the same small HTML page, built fresh (a Response body is read once).
globalThis.fetch = async () => new Response(PAGE, {
  status: 200,
  headers: { "content-type": "text/html; charset=utf-8", "cache-control": "max-age=60" },
});

// The baseline a landing is compared with: forwarding, plus the two cookies a landing sets.
const LANDING_COOKIES = [
  "edgepost_click=v1.VG5MNUhQU3R3TncteUtiRnUzQ2EuWV9nTmYxWm16YXd8MTc5NTUxNDUyMHwxMjM0NXw.bench-fixed-mac-0123456789abcdef0123456789; Max-Age=2592000; Path=/; Secure; HttpOnly; SameSite=Lax",
  "rmStore=amid:12345|ald:20261124_1002|atrv:TnL5HPStwNw-yKbFu3Ca.Y_gNf1Zmzaw; Max-Age=2592000; Path=/; Secure; SameSite=Lax",
];

const bare = {
  fetch(request, env) {
    const url = new URL(request.url);
    return fetch(new Request(env.ORIGIN + url.pathname + url.search, request));
  },
};
const bareLanding = {
  async fetch(request, env) {
    const response = await bare.fetch(request, env);
    const decorated = new Response(response.body, response);
    for (const c of LANDING_COOKIES) decorated.headers.append("set-cookie", c);
    return decorated;
  },
};
// Where a page view's time goes: the bare handler plus only the core's decision, with the fields
// the worker hands it (the URL parsed, the two headers read, the call made). A plain page view no
// longer makes it (the request filter), so this is what the filter saves.
const bareWithDecision = {
  fetch(request, env) {
    const url = new URL(request.url);
    configure(env);
    call("request", {
      now: nowSeconds(), method: request.method, path: url.pathname, query: url.search.slice(1),
      cookie: request.headers.get("cookie") ?? "", authorization: request.headers.get("authorization") ?? "",
      origin: request.headers.get("origin") ?? "", host: request.headers.get("host") ?? "",
    });
    return fetch(new Request(env.ORIGIN + url.pathname + url.search, request));
  },
};
let kept = null;  // the decision read, so the work cannot be skipped
// The same for a landing, and its parts: the bare landing after the core's call (the cookie signed
// and built), its answer then read by `read`. Whole: decoded and parsed. Apportioned: left unread,
// or decoded and not parsed; the differences are the call, the decoding and the parsing.
function bareLandingAfter(read) {
  return {
    async fetch(request, env) {
      const url = new URL(request.url);
      configure(env);
      const code = callUnread("request", {
        now: nowSeconds(), method: "GET", path: url.pathname, query: url.search.slice(1), cookie: "", authorization: "", origin: "", host: "",
      });
      kept = read(code);
      return bareLanding.fetch(request, env);
    },
  };
}
const bareLandingWithDecision = bareLandingAfter(() => JSON.parse(lastAnswer()));
const bareLandingWithCall = bareLandingAfter((code) => code);
const bareLandingWithDecodedCall = bareLandingAfter(() => lastAnswer());
// The core alone inside workerd: an instance of its own, configured as bench/core_wasm.js
// configures it in Node, each decision called with its input framed once beforehand and its
// answer unread. Against the calls through the shell above, what the shell's framing costs here.
let preframed = null;
function preframedCore() {
  if (preframed) return preframed;
  const instance = instantiateCore(coreModule);
  const table = operationTable(instance);
  const run = ({ id, input }) => {
    const ptr = instance.exports.edgepost_input(input.length);
    new Uint8Array(instance.exports.memory.buffer, ptr, input.length).set(input);
    return instance.exports.edgepost_call(id, input.length);
  };
  run(framedCall(table, "configure", { environment: ENV }));
  const inputs = cases();
  preframed = { run, landing: framedCall(table, ...inputs.landing), pageView: framedCall(table, ...inputs.page_view) };
  return preframed;
}
const bareLandingWithCoreAlone = {
  async fetch(request, env) {
    const core = preframedCore();
    kept = core.run(core.landing);
    return bareLanding.fetch(request, env);
  },
};
const bareWithCoreAlone = {
  fetch(request, env) {
    const core = preframedCore();
    kept = core.run(core.pageView);
    return bare.fetch(request, env);
  },
};
const handlers = {
  edgepost: worker, bare, bare_landing: bareLanding, bare_with_decision: bareWithDecision,
  bare_landing_with_decision: bareLandingWithDecision, bare_landing_with_call: bareLandingWithCall,
  bare_landing_with_decoded_call: bareLandingWithDecodedCall, bare_landing_with_core_alone: bareLandingWithCoreAlone,
  bare_with_core_alone: bareWithCoreAlone,
};

// Runs `count` requests through `handler` on copies of `request`, reading each answer to its end.
async function drive(handler, target, headers, count, env, ctx) {
  for (let i = 0; i < count; i++) {
    const response = await handler.fetch(new Request(target, { headers }), env, ctx);
    await response.arrayBuffer();
  }
}

export default {
  // GET /_bench/in-process?a=…&b=…&blocks=…&per_block=…&path=…, with the case's headers: runs
  // blocks of per_block requests through handler a, then b, then a again, …, and answers each
  // block's milliseconds. workerd's clock moves on at each await of this loop, so a block's time
  // is read with Date.now(); alternating small blocks puts the machine's drift on both handlers.
  async fetch(request, env, ctx) {
    const url = new URL(request.url);
    if (url.pathname !== "/_bench/in-process") return new Response("warm", { status: 200 });
    const a = handlers[url.searchParams.get("a")];
    const b = handlers[url.searchParams.get("b")];
    const blocks = Number(url.searchParams.get("blocks"));
    const perBlock = Number(url.searchParams.get("per_block"));
    const target = new URL(url.searchParams.get("path"), url.origin).toString();
    const headers = new Headers(request.headers);
    const times = { a: [], b: [] };
    for (let i = 0; i < blocks; i++) {
      for (const [name, handler] of i % 2 === 0 ? [["a", a], ["b", b]] : [["b", b], ["a", a]]) {
        const start = Date.now();
        await drive(handler, target, headers, perBlock, env, ctx);
        times[name].push(Date.now() - start);
      }
    }
    return Response.json({ per_block: perBlock, ...times });
  },
};
