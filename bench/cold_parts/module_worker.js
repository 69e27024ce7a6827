// A cold start's parts, steps 2 to 4 (bench/cold_start_parts.js): step 1 plus edgepost's wasm
// module in the bundle. COLD_PART says how far the first request goes: "module" leaves it unused
// (workerd compiles it while loading the bundle, before it listens), "configured" configures the
// core through the shell's own worker/core.js (instantiation, the ABI's table, the configuration).
import { DurableObject } from "cloudflare:workers";
import { configure } from "../../worker/core.js";

export class Idle extends DurableObject {}

export default {
  fetch(request, env) {
    if (env.COLD_PART === "configured") configure(env);
    const url = new URL(request.url);
    return fetch(new Request(env.ORIGIN + url.pathname + url.search, request));
  },
};
