// A cold start's parts, step 1 (bench/cold_start_parts.js): the bare pass-through worker with a
// SQLite-backed Durable Object namespace bound, as edgepost has, and nothing else of edgepost.
import { DurableObject } from "cloudflare:workers";

export class Idle extends DurableObject {}

export default {
  fetch(request, env) {
    const url = new URL(request.url);
    return fetch(new Request(env.ORIGIN + url.pathname + url.search, request));
  },
};
