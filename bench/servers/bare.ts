/** The ceiling: a bare node:http server that reads and JSON-parses the same batch bodies, and stores nothing. */
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";

const server = createServer((req, res) => {
  const chunks: Buffer[] = [];
  req.on("data", (c: Buffer) => chunks.push(c));
  req.on("end", () => {
    try {
      const body = JSON.parse(Buffer.concat(chunks).toString("utf8"));
      if (!Array.isArray(body.batch)) throw new Error("no batch");
      res.writeHead(200, { "content-type": "application/json" }).end('{"success":true}');
    } catch {
      res.writeHead(400).end();
    }
  });
});
server.listen(0, "127.0.0.1", () => process.stdout.write(`ready ${(server.address() as AddressInfo).port}\n`));
process.on("SIGTERM", () => server.close(() => process.exit(0)));
