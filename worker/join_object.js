// One Durable Object per join key ("<name>:<value>"): where a click seen in browser traffic and an
// order that names the key meet, whichever comes first.
import { DurableObject } from "cloudflare:workers";

export class JoinObject extends DurableObject {
  // A click seen with this key (the latest wins). Orders already waiting for it get it now.
  async recordClick(clickJson) {
    await this.ctx.storage.put("click", clickJson);
    const waiting = (await this.ctx.storage.get("waiting")) ?? [];
    for (const orderId of waiting) {
      const order = this.env.ORDERS.get(this.env.ORDERS.idFromName("order:" + orderId));
      await order.attachClick(clickJson);
    }
    if (waiting.length) await this.ctx.storage.delete("waiting");
  }

  // The click for an order that names this key; if none is known yet, the order waits here.
  async lookup(orderId) {
    const click = await this.ctx.storage.get("click");
    if (click) return click;
    const waiting = (await this.ctx.storage.get("waiting")) ?? [];
    if (!waiting.includes(orderId)) {
      waiting.push(orderId);
      await this.ctx.storage.put("waiting", waiting.slice(-100));
    }
    return null;
  }
}
