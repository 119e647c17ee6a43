/**
 * The ingest journal on disk: numbered segment files of length-prefixed, checksummed frames, read back by
 * one cursor. Frames that arrive together are written together, with O_DSYNC (the write returns once the
 * bytes are on disk: one trip to the thread pool instead of a write and an fdatasync), and up to
 * WRITES_IN_FLIGHT such writes go at once at their own offsets, so a request does not wait for the write
 * before its own to finish. Writes are acknowledged in offset order, and the reader sees only the prefix
 * whose writes all returned: after a crash, replay stops at the first frame that is not whole, and every
 * acknowledged frame lies before it.
 *
 * Frames are written into space already on disk, as PostgreSQL writes its WAL: the file is zero-filled
 * ahead of the writes, and an applied segment is recycled (renamed to the next number) rather than cut to
 * nothing. An O_DSYNC write that grows a file also commits the file's new size to the filesystem's journal;
 * one inside the file flushes only its data, in about half the time on ext4. A frame's checksum is seeded
 * with its segment's number, so the stale frames past the end of a recycled segment never pass for new ones.
 */
import { closeSync, constants, fsyncSync, ftruncateSync, mkdirSync, openSync, readdirSync, readFileSync, readSync, renameSync, rmSync, statSync, unlinkSync, write, writeFileSync } from "node:fs";
import { join } from "node:path";
import { crc32 } from "node:zlib";

const HEADER = 8;
/** A segment past this size is closed at the next write and a new one started, so applied ones can be deleted. */
const SEGMENT_BYTES = 64 * 1024 * 1024;

/**
 * While writes wait on the disk the next groups go out, two at a time. Each write is a trip to the thread
 * pool that costs the event loop about 30 µs here (a thread woken on 2 cores), which at 4 clients, with one
 * write per request, became the loop's limit once the applier kept off the cores during bursts: alternating
 * 5 s runs acknowledged 147-159 k events/s at 4 clients with two against 130-151 k with four (eight rounds),
 * 169-197 k against 166-174 k at 16 clients and 61-72 k against 60-70 k at 1 (six rounds each). Four had
 * measured better while the applier's thread still shared the cores with requests.
 */
const WRITES_IN_FLIGHT = 2;
/** Zeros written ahead of the frames, this much at a time, once less than this much is left. */
const FILL_BYTES = 1024 * 1024;
const FLAGS = constants.O_RDWR | constants.O_CREAT | constants.O_DSYNC;
const zeros = Buffer.alloc(FILL_BYTES);

/**
 * `size`: the durable prefix the reader may see; `end`: where the next write goes; `writing`: writes in
 * flight; `prepared`: the file's length, filled ahead of `end`; `seed`: its frames' checksum seed (0 for a
 * segment written before seeds, read as it is and never written to again).
 */
type Segment = { seq: number; fd: number; size: number; end: number; writing: number; prepared: number; seed: number };
type Write = { seg: Segment; start: number; data: Buffer; waiters: Waiter[]; outcome?: Error | "done" };
type Waiter = { resolve(): void; reject(err: Error): void };
export type Frame = { payload: Buffer; end: number };

export type Segments = ReturnType<typeof openSegments>;

export function openSegments(dir: string, { segmentBytes = SEGMENT_BYTES } = {}) {
  // The last segment is recycled once it is applied this far; below it, replaying it again costs less.
  const resetBytes = segmentBytes / 16;
  mkdirSync(dir, { recursive: true });
  const releaseLock = lockDir(dir);
  const segments: Segment[] = readdirSync(dir)
    .filter((f) => /^\d{12}\.log$/.test(f))
    .sort()
    .map((f) => {
      const seq = Number(f.slice(0, 12));
      const fd = openSync(join(dir, f), FLAGS);
      const { size, seed } = validLength(fd, statSync(join(dir, f)).size, seedOf(seq));
      return { seq, fd, size, end: size, writing: 0, prepared: size, seed };
    });
  // A crash during a write can leave a torn frame at the end of a segment: it was never acknowledged. The
  // zeros filled ahead and a recycled segment's stale frames go with it.
  for (const s of segments) ftruncateSync(s.fd, s.size);
  if (!segments.length || (last().seed === 0 && last().size > 0)) segments.push(create(dir, (segments.at(-1)?.seq ?? 0) + 1));

  let cursor = 0; // offset in segments[0]
  // Bytes of segments already deleted or recycled: keeps writtenTotal/readTotal monotonic.
  let written = 0;
  let pending: Buffer[] = [];
  let waiters: Waiter[] = [];
  const inFlight: Write[] = [];
  // The zero fill in flight, if any: no frame is written at or past its start until it returns.
  let filling: { seg: Segment; start: number } | null = null;
  // After a failed write: no new write until those in flight return and the segment is cut back.
  let recovering = false;

  function last() {
    return segments[segments.length - 1];
  }

  /** Older segments read to their end are applied: delete them. */
  function dropFinished() {
    while (segments.length > 1 && segments[0].writing === 0 && cursor >= segments[0].size) {
      const seg = segments.shift()!;
      written += seg.size;
      closeSync(seg.fd);
      unlinkSync(join(dir, name(seg.seq)));
      cursor = 0;
    }
  }

  function issue() {
    while (pending.length && inFlight.length < WRITES_IN_FLIGHT && !recovering) {
      if (last().end >= segmentBytes) segments.push(create(dir, last().seq + 1));
      const seg = last();
      if (filling?.seg === seg && seg.end + pendingBytes() > filling.start) break;
      const w: Write = { seg, start: seg.end, data: frames(pending, seg.seed), waiters };
      pending = [];
      waiters = [];
      seg.end += w.data.length;
      seg.writing++;
      inFlight.push(w);
      writeAll(seg.fd, w.data, w.start).then(
        () => finish(w, "done"),
        (err: Error) => finish(w, err),
      );
    }
    fillAhead();
  }

  function pendingBytes() {
    return pending.reduce((sum, b) => sum + HEADER + b.length, 0);
  }

  /** Zero-fills the last segment ahead of its writes, so they land inside the file. */
  function fillAhead() {
    const seg = last();
    if (filling || recovering || seg.prepared - seg.end >= FILL_BYTES) return;
    const start = Math.max(seg.prepared, seg.end);
    const length = Math.min(FILL_BYTES, segmentBytes - start);
    if (length <= 0) return;
    filling = { seg, start };
    // Counted as a write, so the segment is not deleted (its file closed) under the fill.
    seg.writing++;
    const done = (ok: boolean) => {
      filling = null;
      seg.writing--;
      // A failed fill (a full disk) leaves the writes appending, as without it; the next write retries it.
      if (ok) seg.prepared = Math.max(seg.prepared, start + length);
      issue();
    };
    writeAll(seg.fd, zeros.subarray(0, length), start).then(() => done(true), () => done(false));
  }

  function finish(w: Write, outcome: Error | "done") {
    w.outcome = outcome;
    w.seg.writing--;
    if (outcome !== "done") recovering = true;
    // In offset order: a write is acknowledged once it and every write before it returned.
    while (inFlight.length && inFlight[0].outcome === "done") {
      const head = inFlight.shift()!;
      head.seg.size = head.start + head.data.length;
      for (const waiter of head.waiters) waiter.resolve();
    }
    if (recovering) {
      if (inFlight.some((x) => !x.outcome)) return;
      // The first failed write and every one after it are refused, and their segments cut back to the
      // acknowledged prefix. If a cut fails, the next frames overwrite the rest, and a replay stops at the
      // first frame whose checksum fails.
      const refused = inFlight.splice(0);
      for (const x of refused) for (const waiter of x.waiters) waiter.reject(refused[0].outcome as Error);
      for (const seg of new Set(refused.map((x) => x.seg))) {
        seg.end = seg.prepared = seg.size;
        try {
          ftruncateSync(seg.fd, seg.size);
        } catch {
          // kept as it is: see above
        }
      }
      recovering = false;
    }
    issue();
  }

  return {
    /** Appends one frame; resolves once it is on disk. */
    append(payload: Buffer): Promise<void> {
      pending.push(payload);
      const done = new Promise<void>((resolve, reject) => waiters.push({ resolve, reject }));
      issue();
      return done;
    },

    /** Durable bytes not read yet, across segments. */
    backlog(): number {
      return segments.reduce((sum, s) => sum + s.size, 0) - cursor;
    },

    /** Where the last acknowledged frame ends, as a count of bytes ever written: compare with `readTotal()`. */
    writtenTotal(): number {
      return written + segments.reduce((sum, s) => sum + s.size, 0);
    },
    readTotal(): number {
      return written + cursor;
    },

    /** The next durable frames from the cursor, about `maxBytes` of them (at least one whole frame if any). */
    read(maxBytes: number): Frame[] {
      dropFinished();
      return cursor < segments[0].size ? readFrames(segments[0], cursor, maxBytes) : [];
    },

    /** Marks everything up to `end` (a Frame's end, in the first segment) as applied. */
    advance(end: number) {
      cursor = end;
      dropFinished();
      if (segments.length === 1 && !inFlight.length && !pending.length && !filling && cursor >= resetBytes && cursor === segments[0].size) this.reset();
    },

    /**
     * Empties the last segment once everything in it is applied, so a steady journal stays small: it is
     * renamed to the next number, which reseeds its checksums, and written again from its start. The rename
     * is on disk before any new frame is, or a crash would leave new frames under the old seed.
     */
    reset() {
      dropFinished();
      if (inFlight.length || pending.length || filling || segments.length > 1 || cursor < segments[0].size) throw new Error("journal reset with frames not applied");
      const seg = segments[0];
      written += seg.size;
      renameSync(join(dir, name(seg.seq)), join(dir, name(seg.seq + 1)));
      syncDir(dir);
      seg.seq++;
      seg.seed = seedOf(seg.seq);
      seg.size = seg.end = 0;
      cursor = 0;
    },

    /** Resolves once no write is in flight or waiting. */
    async settled() {
      while (inFlight.length || pending.length || filling) await new Promise((r) => setImmediate(r));
    },

    close() {
      for (const s of segments) closeSync(s.fd);
      releaseLock();
    },
  };
}

/**
 * One process writes a journal: a second collector started on the same data dir would interleave its frames
 * with ours. The lock file names the holder; one left by a process that died is taken over. The CLI takes it
 * too while it rewrites the tables under a collector's feet (`uptake rollups rebuild`).
 */
export function lockDir(dir: string): () => void {
  const file = join(dir, "LOCK");
  for (;;) {
    try {
      writeFileSync(file, String(process.pid), { flag: "wx" });
      return () => rmSync(file, { force: true });
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== "EEXIST") throw err;
    }
    const holder = Number(readFileSync(file, "utf8"));
    if (holder && holder !== process.pid && alive(holder)) {
      throw new Error(`the ingest journal in ${dir} is in use by process ${holder}: is another collector running on this data dir?`);
    }
    rmSync(file, { force: true });
  }
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === "EPERM";
  }
}

function name(seq: number) {
  return `${String(seq).padStart(12, "0")}.log`;
}

function create(dir: string, seq: number): Segment {
  return { seq, fd: openSync(join(dir, name(seq)), FLAGS), size: 0, end: 0, writing: 0, prepared: 0, seed: seedOf(seq) };
}

/** Never 0, which marks a segment written before checksums were seeded. */
function seedOf(seq: number): number {
  return crc32(`uptake journal segment ${seq}`) || 1;
}

/** Length-prefixed frames with their checksums, as one buffer for one write. */
function frames(payloads: Buffer[], seed: number): Buffer {
  const parts: Buffer[] = [];
  for (const payload of payloads) {
    const header = Buffer.allocUnsafe(HEADER);
    header.writeUInt32LE(payload.length, 0);
    header.writeUInt32LE(crc32(payload, seed), 4);
    parts.push(header, payload);
  }
  return Buffer.concat(parts);
}

function syncDir(dir: string) {
  const fd = openSync(dir, constants.O_RDONLY);
  try {
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}

function writeAll(fd: number, data: Buffer, at: number): Promise<void> {
  return new Promise((resolve, reject) => {
    const next = (offset: number) =>
      write(fd, data, offset, data.length - offset, at + offset, (err, n) => {
        if (err) return reject(err);
        if (offset + n < data.length) next(offset + n);
        else resolve();
      });
    next(0);
  });
}

function readFrames(seg: Segment, from: number, maxBytes: number): Frame[] {
  // One read for the whole slice (at least its first frame), into memory of its own rather than a slice of
  // Node's pool: the frames go to the applier's thread as views of it, which copies it once.
  const header = Buffer.allocUnsafe(HEADER);
  readSync(seg.fd, header, 0, HEADER, from);
  const bytes = Math.min(seg.size - from, Math.max(maxBytes, HEADER + header.readUInt32LE(0)));
  const chunk = Buffer.allocUnsafeSlow(bytes);
  for (let got = 0; got < bytes; ) {
    const n = readSync(seg.fd, chunk, got, bytes - got, from + got);
    if (n === 0) throw new Error(`journal segment ${name(seg.seq)} ends before its last frame`);
    got += n;
  }
  const frames: Frame[] = [];
  let at = 0;
  while (at + HEADER <= bytes) {
    const end = at + HEADER + chunk.readUInt32LE(at);
    if (end > bytes) break;
    frames.push({ payload: chunk.subarray(at + HEADER, end), end: from + end });
    at = end;
  }
  return frames;
}

/**
 * The length of the segment's prefix made of whole frames whose checksum holds, and the seed they hold
 * with: a segment whose first frame holds only unseeded was written before seeds, and is read that way.
 */
function validLength(fd: number, size: number, seed: number): { size: number; seed: number } {
  const header = Buffer.allocUnsafe(HEADER);
  let at = 0;
  while (at + HEADER <= size) {
    readSync(fd, header, 0, HEADER, at);
    const length = header.readUInt32LE(0);
    if (length === 0 || at + HEADER + length > size) break;
    const payload = Buffer.allocUnsafe(length);
    readSync(fd, payload, 0, length, at + HEADER);
    const sum = header.readUInt32LE(4);
    if (at === 0 && crc32(payload, seed) !== sum && crc32(payload) === sum) seed = 0;
    if (crc32(payload, seed) !== sum) break;
    at += HEADER + length;
  }
  return { size: at, seed };
}
