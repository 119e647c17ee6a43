/** A closed-loop HTTP load generator: N clients, each sending its next batch as soon as the last is answered. */
import { Agent, request } from "node:http";

export type LoadResult = { requests: number; errors: number; seconds: number; p50: number; p99: number; statuses: Record<number, number> };

export async function load(opts: {
  url: string;
  concurrency: number;
  seconds: number;
  body: (client: number, n: number) => string;
  headers?: Record<string, string>;
}): Promise<LoadResult> {
  const agent = new Agent({ keepAlive: true, maxSockets: opts.concurrency });
  const target = new URL(opts.url);
  const latencies: number[] = [];
  const statuses: Record<number, number> = {};
  let errors = 0;
  const start = performance.now();
  const deadline = start + opts.seconds * 1000;

  const send = (body: string) =>
    new Promise<number>((resolve) => {
      const req = request(
        { host: target.hostname, port: target.port, path: target.pathname, method: "POST", agent, headers: { "content-type": "text/plain", "content-length": Buffer.byteLength(body), ...opts.headers } },
        (res) => {
          res.resume();
          res.on("end", () => resolve(res.statusCode ?? 0));
        },
      );
      req.on("error", () => resolve(0));
      req.end(body);
    });

  await Promise.all(
    Array.from({ length: opts.concurrency }, async (_, client) => {
      for (let n = 0; performance.now() < deadline; n++) {
        const t = performance.now();
        const status = await send(opts.body(client, n));
        latencies.push(performance.now() - t);
        statuses[status] = (statuses[status] ?? 0) + 1;
        if (status !== 200) errors++;
      }
    }),
  );
  agent.destroy();
  latencies.sort((a, b) => a - b);
  const at = (q: number) => latencies[Math.min(latencies.length - 1, Math.floor(q * latencies.length))] ?? 0;
  return { requests: latencies.length, errors, seconds: (performance.now() - start) / 1000, p50: at(0.5), p99: at(0.99), statuses };
}

/**
 * A batch of `size` events as the browser SDK sends it: one person in one account per batch (so many
 * people across batches), messageIds unique per (client, n).
 */
export function batchBody(writeKey: string, size: number) {
  const now = new Date().toISOString();
  const events = Array.from({ length: size }, (_, i) =>
    JSON.stringify({
      type: "track",
      event: "Feature Used",
      messageId: `__ID__-${i}`,
      userId: "user-__USER__",
      anonymousId: "anon-__USER__",
      properties: { feature: ["reports", "export", "invite"][i % 3], plan: "pro" },
      context: { groupId: "acct-__ACCOUNT__", library: { name: "uptake-js", version: "0.1.0" }, page: { path: "/app", url: "https://app.example.com/app" } },
      timestamp: now,
    }),
  );
  const template = `{"writeKey":"${writeKey}","sentAt":"${now}","batch":[${events.join(",")}]}`;
  return (client: number, n: number) =>
    template.replaceAll("__ID__", `${client}.${n}`).replaceAll("__USER__", `${client}.${n % 500}`).replaceAll("__ACCOUNT__", String(n % 60));
}
