/** Requests press on the collector when they come and keep its event loop busy, not when they trickle in. */
import { setImmediate as next, setTimeout as sleep } from "node:timers/promises";
import { expect, it } from "vitest";
import { createRequestPressure } from "./request-pressure.ts";

/** Requests for `ms`, each taking `workMs` of the event loop, the next one `gapMs` later (or at once). */
async function requests(pressure: ReturnType<typeof createRequestPressure>, ms: number, workMs: number, gapMs = 0) {
  const until = performance.now() + ms;
  while (performance.now() < until) {
    const busyUntil = performance.now() + workMs;
    while (performance.now() < busyUntil);
    pressure.appended();
    await (gapMs ? sleep(gapMs) : next());
  }
}

it("presses while requests keep the event loop busy", async () => {
  const pressure = createRequestPressure();
  await requests(pressure, 100, 2);
  expect(pressure.pressedFor()).not.toBeNull();
});

it("presses in a burst after a quiet spell, whenever it was last asked", async () => {
  const pressure = createRequestPressure();
  expect(pressure.pressedFor()).toBeNull();
  await sleep(600);
  await requests(pressure, 60, 2);
  expect(pressure.pressedFor()).not.toBeNull();
});

it("does not press while requests leave the event loop mostly idle", async () => {
  const pressure = createRequestPressure();
  await requests(pressure, 100, 0.2, 2);
  expect(pressure.pressedFor()).toBeNull();
});

it("does not press once the requests stopped, however busy the loop was", async () => {
  const pressure = createRequestPressure();
  await requests(pressure, 100, 2);
  await sleep(20);
  expect(pressure.pressedFor()).toBeNull();
});

it("says how long the requests have pressed, from the first look that saw them press to their break", async () => {
  const pressure = createRequestPressure();
  await requests(pressure, 100, 2);
  expect(pressure.pressedFor()).toBe(0);
  await requests(pressure, 300, 2);
  expect(pressure.pressedFor()).toBeGreaterThanOrEqual(300);
  await sleep(20);
  expect(pressure.pressedFor()).toBeNull();
  await requests(pressure, 100, 2);
  expect(pressure.pressedFor()).toBeLessThan(5);
});
