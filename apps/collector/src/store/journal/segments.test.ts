import { appendFileSync, mkdirSync, mkdtempSync, readdirSync, rmSync, statSync, writeFileSync } from "node:fs";
import { crc32 } from "node:zlib";
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

it("rotates segments, deletes each once it is applied, and recycles the last once it is applied", async () => {
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
  const [recycled] = logs(dir);
  expect(logs(dir)).toHaveLength(1);
  s.close();
  expect(texts(openSegments(dir))).toEqual([]);
  // Renamed past the segments it followed, and cut to nothing only once reopened.
  expect(Number(recycled.slice(0, 12))).toBeGreaterThan(3);
  expect(statSync(join(dir, logs(dir)[0])).size).toBe(0);
});

it("writes frames inside space filled ahead of them, and cuts the fill off on reopen", async () => {
  const dir = freshDir();
  const s = openSegments(dir);
  await s.append(Buffer.from("first"));
  await s.settled();
  await s.append(Buffer.from("second"));
  expect(statSync(join(dir, logs(dir)[0])).size).toBeGreaterThanOrEqual(1024 * 1024);
  s.close();
  const again = openSegments(dir);
  expect(texts(again)).toEqual(["first", "second"]);
  expect(statSync(join(dir, logs(dir)[0])).size).toBe(2 * 8 + 11);
  again.close();
});

it("never replays the stale frames of a recycled segment, even where a new frame ends on their boundary", async () => {
  const dir = freshDir();
  const s = openSegments(dir, { segmentBytes: 256 });
  for (const t of ["old-1", "old-2", "old-3"]) await s.append(Buffer.from(t));
  const frames = s.read(1 << 30);
  s.advance(frames.at(-1)!.end);
  expect(s.backlog()).toBe(0);
  // Same length as old-1: without a new seed, old-2 and old-3 would read as whole frames after it.
  await s.append(Buffer.from("new-1"));
  s.close();
  expect(texts(openSegments(dir))).toEqual(["new-1"]);
});

it("reads a segment written before checksums were seeded, and appends after it in a new one", async () => {
  const dir = freshDir();
  mkdirSync(dir);
  const frame = (text: string) => {
    const payload = Buffer.from(text);
    const header = Buffer.alloc(8);
    header.writeUInt32LE(payload.length, 0);
    header.writeUInt32LE(crc32(payload), 4);
    return Buffer.concat([header, payload]);
  };
  writeFileSync(join(dir, "000000000007.log"), Buffer.concat([frame("before"), frame("upgrade")]));
  const s = openSegments(dir);
  expect(texts(s)).toEqual(["before", "upgrade"]);
  await s.append(Buffer.from("after"));
  expect(logs(dir)).toEqual(["000000000007.log", "000000000008.log"]);
  s.close();
  const again = openSegments(dir);
  const seen: string[] = [];
  for (let frames = again.read(1 << 30); frames.length; frames = again.read(1 << 30)) {
    seen.push(...frames.map((f) => f.payload.toString()));
    again.advance(frames.at(-1)!.end);
  }
  expect(seen).toEqual(["before", "upgrade", "after"]);
  again.close();
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
