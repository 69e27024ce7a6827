// Bodies read with a limit: a request's, the origin's JSON answer, Rakuten's answer. At most
// limit + 1 bytes are kept: enough for the core to see that a body is too large without holding a
// huge one in memory.
// A request's body beyond the limit is read to its end and dropped (up to the core's drain limit,
// src/requests/shell_limits.cpp) rather than cancelled, so the client's keep-alive connection is
// left clean for its next request; a body larger still is cancelled.
import { configuredLimits } from "./core.js";

export function readLimited(request, limit) {
  return request.body ? readStreamLimited(request.body, limit, { drain: true }) : new Uint8Array(0);
}

export async function readStreamLimited(stream, limit, { drain = false } = {}) {
  const reader = stream.getReader();
  const chunks = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    chunks.push(value);
    size += value.length;
    if (size > limit) {
      if (drain) await drainRest(reader, limit * configuredLimits().drain_limit_factor - size);
      else await reader.cancel();
      break;
    }
  }
  const body = new Uint8Array(Math.min(size, limit + 1));
  let at = 0;
  for (const chunk of chunks) {
    const take = Math.min(chunk.length, body.length - at);
    body.set(chunk.subarray(0, take), at);
    at += take;
    if (at === body.length) break;
  }
  return body;
}

async function drainRest(reader, budget) {
  for (let left = budget; left > 0;) {
    const { done, value } = await reader.read();
    if (done) return;
    left -= value.length;
  }
  await reader.cancel();
}
