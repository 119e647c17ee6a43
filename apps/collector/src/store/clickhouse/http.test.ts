import { createServer } from "node:http";
import type { AddressInfo, Socket } from "node:net";
import { afterAll, describe, expect, inject, it } from "vitest";
import { createClickHouseHttp } from "./http.ts";

describe("ClickHouse reads", () => {
  const http = createClickHouseHttp({ url: inject("clickhouseUrl") });
  afterAll(() => http.close());

  // The error comes after the first blocks of the answer: a server that had already begun a 200 must not
  // pass for a short, complete answer.
  const failsMidway = "SELECT toUInt32(number) AS n, throwIf(number = 300000) AS t FROM system.numbers LIMIT 400000 SETTINGS max_block_size = 1000";

  it("rejects an answer that fails after it began, for every way of reading", async () => {
    await expect(http.query(failsMidway)).rejects.toThrow(/Code: 395/);
    await expect(http.rows(failsMidway)).rejects.toThrow(/Code: 395/);
    await expect(http.uint32s(failsMidway.replace(", throwIf(number = 300000) AS t", ", toUInt32(throwIf(number = 300000)) AS t"))).rejects.toThrow(/Code: 395/);
  });

  it("reads a long answer whole", async () => {
    const n = await http.uint32s("SELECT toUInt32(number) FROM system.numbers LIMIT 400000");
    expect(n.length).toBe(400_000);
    expect(n[399_999]).toBe(399_999);
  });
});

/**
 * ClickHouse 18.16 can leave part of a multipart (external tables) request unread and keep the connection:
 * the next request on it then meets those bytes, and the server answers 400 with no message and closes it.
 * This server does the same after every multipart request, so a client that reuses that connection fails.
 */
async function serverThatSpoilsMultipartConnections() {
  const spoiled = new WeakSet<Socket>();
  const seen: string[] = [];
  const server = createServer((req, res) => {
    req.resume();
    req.on("end", () => {
      if (spoiled.has(req.socket)) {
        res.writeHead(400, { connection: "close" }).end();
        return;
      }
      const multipart = (req.headers["content-type"] ?? "").startsWith("multipart/form-data");
      seen.push(multipart ? "multipart" : "plain");
      if (multipart) spoiled.add(req.socket);
      res.end(multipart ? '{"n":1}\n' : "");
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return { url: `http://127.0.0.1:${port}`, seen, close: () => new Promise<void>((resolve) => server.close(() => resolve())) };
}

describe("ClickHouse connections", () => {
  it("writes after a read with external tables, on a connection of its own", async () => {
    const server = await serverThatSpoilsMultipartConnections();
    const http = createClickHouseHttp({ url: server.url });
    try {
      for (let i = 0; i < 3; i++) {
        expect(await http.query("SELECT 1 AS n FROM t WHERE id IN ids", [{ name: "ids", column: "id", values: ["a", "b"] }])).toEqual([{ n: 1 }]);
        await http.insert("t", [{ id: "a" }]);
      }
      expect(server.seen).toEqual(["multipart", "plain", "multipart", "plain", "multipart", "plain"]);
    } finally {
      http.close();
      await server.close();
    }
  });
});
