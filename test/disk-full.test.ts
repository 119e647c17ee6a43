/**
 * A full disk: the collector's data dir on a real 3 MB tmpfs. Ingest keeps going until the file system is
 * full, then answers 503 with Retry-After (never a 500, never a crash, never a 200 for an event it could
 * not store); once the file system is grown, the retried batches are stored, and after a SIGKILL and a
 * restart every acknowledged event is still there. Where mounting is not permitted, the same test runs
 * with the process's file-size limit (ulimit -f), the kernel's EFBIG instead of ENOSPC.
 */
import { execFileSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, expect, it } from "vitest";
import { SECRET_KEY, WRITE_KEY, freePort, startCollectorProcess, type CollectorProcess } from "./helpers/collector-process.ts";

const dir = mkdtempSync(join(tmpdir(), "uptake-full-"));
const mounted = (() => {
  try {
    execFileSync("mount", ["-t", "tmpfs", "-o", "size=3m", "tmpfs", dir], { stdio: "ignore" });
    return true;
  } catch {
    return false;
  }
})();
let collector: CollectorProcess | undefined;
afterAll(async () => {
  await collector?.kill("SIGKILL");
  if (mounted) execFileSync("umount", ["-l", dir]);
  rmSync(dir, { recursive: true, force: true });
});

const PAD = "x".repeat(1000);
const body = (n: number) =>
  JSON.stringify({
    writeKey: WRITE_KEY,
    batch: Array.from({ length: 40 }, (_, i) => ({
      type: "track", event: "Feature Used", messageId: `full-${n}-${i}`, userId: "full-user", properties: { feature: "full", pad: PAD },
    })),
  });

it(`answers 503 on a full disk, never 500, and loses no acknowledged event (${mounted ? "3 MB tmpfs" : "ulimit -f"})`, async () => {
  const port = await freePort();
  // Without a mount: 3 MB per file for the collector process (SIGXFSZ ignored, so writes fail with EFBIG).
  const start = (limited: boolean) =>
    startCollectorProcess({ dataDir: dir, port, shellPrefix: !mounted && limited ? "ulimit -f 3072; trap '' XFSZ" : undefined });
  collector = await start(true);
  const { url } = collector;
  const statuses: Record<number, number> = {};
  const acked: number[] = [];
  const send = async (n: number) => {
    const res = await fetch(`${url}/v1/batch`, { method: "POST", body: body(n) });
    statuses[res.status] = (statuses[res.status] ?? 0) + 1;
    if (res.status === 200) acked.push(n);
    return res;
  };

  let n = 0;
  let refused: Response | undefined;
  for (; n < 400 && !refused; n++) {
    const res = await send(n);
    if (res.status !== 200) refused = res;
  }
  expect(refused?.status).toBe(503);
  expect(Number(refused?.headers.get("retry-after"))).toBeGreaterThan(0);
  const failed = n - 1;
  // Still full: still 503, and the process is still there to answer.
  for (let i = 0; i < 5; i++) expect([200, 503]).toContain((await send(n++)).status);
  expect([200, 503]).toContain((await fetch(`${url}/health`)).status);
  expect(statuses[500] ?? 0).toBe(0);

  // Space comes back (the operator grows the volume, or restarts without the limit); the retry is stored.
  if (mounted) execFileSync("mount", ["-o", "remount,size=64m", dir]);
  else {
    await collector.kill("SIGTERM");
    collector = await start(false);
  }
  expect((await send(failed)).status).toBe(200);

  await collector.kill("SIGKILL");
  collector = await start(false);
  const res = await fetch(`${url}/v1/users/full-user/export`, { headers: { authorization: `Bearer ${SECRET_KEY}` } });
  const stored = new Set(((await res.json()).events as { messageId: string }[]).map((e) => e.messageId));
  const lost = acked.flatMap((k) => Array.from({ length: 40 }, (_, i) => `full-${k}-${i}`)).filter((id) => !stored.has(id));
  console.log(
    `RELIABILITY disk-full (${mounted ? "tmpfs 3 MB" : "ulimit -f 3 MB"}): batches acked=${acked.length} events acked=${acked.length * 40} ` +
      `lost=${lost.length} answers=${JSON.stringify(statuses)}`,
  );
  expect(lost).toEqual([]);
  expect(statuses[500] ?? 0).toBe(0);
}, 120_000);
