/**
 * The durable ceiling: the bare server's parse, then the body appended to the ingest journal's segments
 * (O_DSYNC, the same group writes) before the 200. What any server that answers only after the disk
 * could reach on this machine; the gap from here to the collector is its own work.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { openSegments } from "@uptake/collector/store/journal/segments.ts";

const dir = mkdtempSync(join(tmpdir(), "uptake-bench-durable-"));
const journal = openSegments(dir);

const server = createServer((req, res) => {
  const chunks: Buffer[] = [];
  req.on("data", (c: Buffer) => chunks.push(c));
  req.on("end", () => {
    const raw = Buffer.concat(chunks);
    try {
      const body = JSON.parse(raw.toString("utf8"));
      if (!Array.isArray(body.batch)) throw new Error("no batch");
    } catch {
      res.writeHead(400).end();
      return;
    }
    journal.append(raw).then(
      () => res.writeHead(200, { "content-type": "application/json" }).end('{"success":true}'),
      () => res.writeHead(503).end(),
    );
  });
});
server.listen(0, "127.0.0.1", () => process.stdout.write(`ready ${(server.address() as AddressInfo).port}\n`));
process.on("SIGTERM", () =>
  server.close(() => {
    journal.close();
    rmSync(dir, { recursive: true, force: true });
    process.exit(0);
  }),
);
