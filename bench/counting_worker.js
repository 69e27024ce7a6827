// Bench-only entry module: the real worker, unchanged, with every Durable Object storage call
// counted, so scripts/bench can report storage operations per order as measured, not as read off
// the code. GET /_bench/storage-operations answers the totals. Never deployed: wrangler.toml's
// main stays worker/index.js; bench/orders.js puts this module first in its workerd config.
import { coreCallCount } from "../worker/core.js";
import worker, { OrderShard } from "../worker/index.js";

// All objects of this worker run in one isolate under `workerd serve`, so one module-level tally
// sees them all.
const tally = {
  objects_constructed: 0,
  get_calls: 0, keys_read: 0,
  put_calls: 0, keys_written: 0,
  delete_calls: 0,
  set_alarm: 0, delete_alarm: 0,
  sql_statements: 0,
};

function countedSql(sql) {
  return new Proxy(sql, {
    get(target, name) {
      const value = Reflect.get(target, name, target);
      if (name !== "exec") return typeof value === "function" ? value.bind(target) : value;
      return (...args) => { tally.sql_statements++; return value.apply(target, args); };
    },
  });
}

function countedStorage(storage) {
  const keysIn = (arg) => (Array.isArray(arg) ? arg.length : 1);
  return new Proxy(storage, {
    get(target, name) {
      const value = Reflect.get(target, name, target);
      if (name === "sql") return countedSql(value);
      if (typeof value !== "function") return value;
      return (...args) => {
        if (name === "get") { tally.get_calls++; tally.keys_read += keysIn(args[0]); }
        else if (name === "put") {
          tally.put_calls++;
          tally.keys_written += typeof args[0] === "object" ? Object.keys(args[0]).length : 1;
        } else if (name === "delete") tally.delete_calls++;
        else if (name === "setAlarm") tally.set_alarm++;
        else if (name === "deleteAlarm") tally.delete_alarm++;
        return value.apply(target, args);
      };
    },
  });
}

// The state object workerd hands each Durable Object gets the counting view of its storage as an
// own property, shadowing the real getter, before the real constructor runs (the base class
// accepts only the real state object; the shard keeps ctx.storage.sql from its constructor).
function counted(ctx) {
  tally.objects_constructed++;
  Object.defineProperty(ctx, "storage", { value: countedStorage(ctx.storage) });
  return ctx;
}

export class CountedOrderShard extends OrderShard {
  constructor(ctx, env) { super(counted(ctx), env); }
}

export default {
  fetch(request, env, ctx) {
    if (new URL(request.url).pathname === "/_bench/storage-operations") return Response.json({ ...tally, core_calls: coreCallCount() });
    return worker.fetch(request, env, ctx);
  },
};
