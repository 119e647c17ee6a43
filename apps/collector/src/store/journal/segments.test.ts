import { appendFileSync, mkdtempSync, readdirSync, rmSync, statSync, writeFileSync } from "node:fs";
import { spawn } from "node:child_process";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, expect, it } from "vitest";
import { openSegments, type Segments } from "./segments.ts";

const root = mkdtempSync(join(tmpdir(), "uptake-segments-"));
afterAll(() => rmSync(root, { recursive: true, force: true }));
let n = 0;
const freshDir = () => join(root, `j${++n}`);

const texts = (s: Segments) => s.read(1 << 30).map((f) => f.payload.toString());
const logs = (dir: string) => readdirSync(dir).filter((f) => f.endsWith(".log")).sort();

it("reads back acknowledged frames in order, after a reopen as well", async () => {
  const dir = freshDir();
  const s = openSegments(dir);
  await Promise.all(["a", "bb", "ccc"].map((t) => s.append(Buffer.from(t))));
  await s.append(Buffer.from("dddd"));
  expect(texts(s)).toEqual(["a", "bb", "ccc", "dddd"]);
  s.close();

  const again = openSegments(dir);
  expect(texts(again)).toEqual(["a", "bb", "ccc", "dddd"]);
  expect(again.backlog()).toBe(4 * 8 + 10);
  again.close();
});

it("keeps the order of appends made while earlier writes are still in flight", async () => {
  const dir = freshDir();
  const s = openSegments(dir, { segmentBytes: 4096 });
  const sent = Array.from({ length: 500 }, (_, i) => `frame ${i} ${"y".repeat(i % 37)}`);
  const acked: number[] = [];
  await Promise.all(sent.map((t, i) => s.append(Buffer.from(t)).then(() => acked.push(i))));
  // Acknowledged in the order sent: a frame is acknowledged only once every frame before it is on disk.
  expect(acked).toEqual(sent.map((_, i) => i));
  const seen: string[] = [];
  for (let frames = s.read(1024); frames.length; frames = s.read(1024)) {
    seen.push(...frames.map((f) => f.payload.toString()));
    s.advance(frames.at(-1)!.end);
  }
  expect(seen).toEqual(sent);
  s.close();
});

it("drops a torn frame left by a crash and appends after the last whole one", async () => {
  const dir = freshDir();
  const s = openSegments(dir);
  await s.append(Buffer.from("kept"));
  s.close();
  // Half a frame: a header promising 100 bytes, then 3 of them.
  const torn = Buffer.alloc(11);
  torn.writeUInt32LE(100, 0);
  appendFileSync(join(dir, logs(dir)[0]), torn);

  const reopened = openSegments(dir);
  expect(texts(reopened)).toEqual(["kept"]);
  await reopened.append(Buffer.from("next"));
  expect(texts(reopened)).toEqual(["kept", "next"]);
  reopened.close();
  expect(texts(openSegments(dir))).toEqual(["kept", "next"]);
});

it("drops a frame whose checksum does not hold", async () => {
  const dir = freshDir();
  const s = openSegments(dir);
  await s.append(Buffer.from("good"));
  s.close();
  const bad = Buffer.alloc(8 + 3);
  bad.writeUInt32LE(3, 0);
  bad.writeUInt32LE(12345, 4);
  bad.write("bad", 8);
  appendFileSync(join(dir, logs(dir)[0]), bad);
  expect(texts(openSegments(dir))).toEqual(["good"]);
});

it("rotates segments, deletes each once it is applied, and empties the last once it is applied", async () => {
  const dir = freshDir();
  const s = openSegments(dir, { segmentBytes: 64 });
  const payload = (i: number) => Buffer.from(`frame-${String(i).padStart(2, "0")}-${"x".repeat(20)}`);
  for (let i = 0; i < 10; i++) await s.append(payload(i));
  expect(logs(dir).length).toBeGreaterThan(2);
  expect(s.writtenTotal() - s.readTotal()).toBe(s.backlog());

  const seen: string[] = [];
  for (;;) {
    const frames = s.read(1);
    if (!frames.length) break;
    seen.push(frames[0].payload.toString());
    s.advance(frames[0].end);
  }
  expect(seen).toEqual(Array.from({ length: 10 }, (_, i) => payload(i).toString()));
  expect(s.backlog()).toBe(0);
  expect(s.readTotal()).toBe(s.writtenTotal());
  expect(logs(dir)).toHaveLength(1);
  expect(statSync(join(dir, logs(dir)[0])).size).toBe(0);
  s.close();
  expect(texts(openSegments(dir))).toEqual([]);
});

it("refuses a journal another live process holds, and takes over one whose holder died", async () => {
  const dir = freshDir();
  openSegments(dir).close();
  const other = spawn(process.execPath, ["-e", "setTimeout(() => {}, 30000)"]);
  try {
    writeFileSync(join(dir, "LOCK"), String(other.pid));
    expect(() => openSegments(dir)).toThrow(`the ingest journal in ${dir} is in use by process ${other.pid}`);
  } finally {
    other.kill("SIGKILL");
    await new Promise((r) => other.once("exit", r));
  }
  const taken = openSegments(dir);
  await taken.append(Buffer.from("after"));
  expect(texts(taken)).toEqual(["after"]);
  taken.close();
});
