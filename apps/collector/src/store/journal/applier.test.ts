/** The applier when its thread dies mid-slice: it says so, starts a new thread, and applies every frame once. */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, expect, it } from "vitest";
import { ev } from "../contract.ts";
import { createSqliteStore } from "../sqlite/index.ts";
import { startApplyThread, type ApplyThread } from "./apply-thread.ts";
import { createApplier } from "./applier.ts";
import { openSegments } from "./segments.ts";

const dir = mkdtempSync(join(tmpdir(), "uptake-applier-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

it("starts a new thread when its thread dies, and loses no frame", async () => {
  const file = join(dir, "uptake.sqlite");
  const reads = createSqliteStore({ file });
  const journal = openSegments(join(dir, "journal"));
  const logged: string[] = [];
  let started = 0;
  const applier = createApplier(journal, {
    log: (m) => logged.push(m),
    refuse: () => {
      throw new Error("nothing should be refused");
    },
    async startThread(): Promise<ApplyThread> {
      const thread = await startApplyThread(file);
      // The first thread dies on its first slice, before it applied anything.
      if (++started > 1) return thread;
      return {
        apply: async () => {
          await thread.close();
          throw new Error("the applier thread exited (1)");
        },
        close: () => thread.close().catch(() => {}),
      };
    },
  });

  for (let i = 0; i < 10; i++) {
    await journal.append(Buffer.from(JSON.stringify({ p: "p", e: Array.from({ length: 20 }, () => ev({ userId: "survivor" })) })));
    applier.wake();
  }
  await applier.caughtUp(10_000);
  expect(started).toBe(2);
  expect(logged.some((m) => /the applier thread failed \(the applier thread exited \(1\)\); it starts again/.test(m))).toBe(true);
  expect(await reads.exportUser("p", "survivor")).toHaveLength(200);

  await applier.stop();
  journal.close();
  await reads.close();
}, 30_000);
