// A fast local origin for the page-view benchmark: small HTML pages, one with a Payment Link.
import http from "node:http";
const plain = Buffer.from(`<!doctype html><html><head><title>Shop</title></head><body>${"<p>Product description text.</p>".repeat(30)}</body></html>`);
const withLink = Buffer.from(`<!doctype html><html><head><title>Shop</title></head><body>${"<p>Product description text.</p>".repeat(30)}<a href="https://buy.stripe.com/test_6oE5mW">Buy</a></body></html>`);
http.createServer((req, res) => {
  const body = req.url.startsWith("/pay") ? withLink : plain;
  res.writeHead(200, { "content-type": "text/html; charset=utf-8", "content-length": body.length, "set-cookie": "session=s1; Path=/" });
  res.end(body);
}).listen(Number(process.argv[2]), "127.0.0.1");
