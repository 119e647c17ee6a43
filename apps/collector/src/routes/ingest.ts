/** Ingest: `POST /v1/batch` and the single-message Segment routes, answering 200 only once stored. */
import { Hono, type Context } from "hono";
import { gunzipSync } from "node:zlib";
import { getConnInfo } from "@hono/node-server/conninfo";
import { LIMITS, type TFieldError } from "@uptake/schema";
import type { CollectorConfig } from "../config.ts";
import { batchOf, derivable, eventsOf } from "../ingest/decode.ts";
import { nestingDepth } from "../ingest/depth.ts";
import { createLimiter } from "../middleware/rate-limit.ts";
import { originAllowed, setCorsHeaders } from "../middleware/origin.ts";
import { DROPPED_HEADER, droppedHeader, type DropCounter } from "../privacy/drops.ts";
import { screenBatch } from "../privacy/screen.ts";
import type { ProjectCache } from "../projects.ts";
import { StoreUnavailableError, type EventStore, type Project, type StoredEvent } from "../store/types.ts";

export type IngestDeps = {
  store: EventStore;
  projects: ProjectCache;
  config: CollectorConfig;
  now: () => number;
  /** Told about every batch once it is stored (webhooks); must not throw or block. */
  onAppended?: (project: Project, events: StoredEvent[]) => void;
  /** Counts events dropped on purpose (bots, GPC, unverified ids, the SDK's own overflow, rate limits). */
  drops?: DropCounter;
};

const SINGLE_ROUTES = { track: "track", identify: "identify", group: "group", page: "page", screen: "screen", alias: "alias" } as const;

export function ingestRoutes({ store, projects, config, now, onAppended, drops }: IngestDeps) {
  const app = new Hono();
  const perKey = createLimiter(config.rateLimit.perKey, now);
  const perIp = createLimiter(config.rateLimit.perIp, now);

  app.options("/v1/*", (c) => {
    setCorsHeaders(c, config.allowedOrigins);
    return c.body(null, 204);
  });

  const handle = async (c: Context, single?: string) => {
    setCorsHeaders(c, config.allowedOrigins);
    let body: unknown;
    let bodyBytes = 0;
    let text: string;
    try {
      const read = await readBody(c);
      if (read === OVER_LIMIT) return c.json({ success: false, error: `body over ${LIMITS.batchBytes} bytes` }, 413);
      if (read === INFLATES_OVER_LIMIT) return c.json({ success: false, error: `body over ${LIMITS.batchBytes} bytes once decompressed` }, 413);
      bodyBytes = read.bytes;
      text = read.text;
      body = JSON.parse(text);
    } catch (err) {
      const message = (err as Error).message === GZIP_ERROR ? GZIP_ERROR : "body is not valid JSON";
      return refuse(c, 400, [{ path: "(body)", message }]);
    }
    if (nestingDepth(body, LIMITS.nestingDepth) > LIMITS.nestingDepth) {
      return refuse(c, 400, [{ path: "(body)", message: `nested deeper than ${LIMITS.nestingDepth} levels` }]);
    }
    if (single) body = wrapSingle(body, single);

    const writeKey = basicUser(c.req.header("authorization")) ?? bodyWriteKey(body);
    if (!writeKey) return c.json({ success: false, error: "missing write key (Basic auth user or body writeKey)" }, 401);
    const project = await projects.byWriteKey(writeKey);
    if (!project) return c.json({ success: false, error: "unknown write key" }, 401);
    if (!originAllowed(c.req.header("origin"), config.allowedOrigins)) {
      return c.json({ success: false, error: `origin ${c.req.header("origin")} is not allowed` }, 403);
    }
    const wait = Math.max(perKey.take(writeKey), perIp.take(clientIp(c)));
    if (wait > 0) {
      drops?.add(project.id, { rate: batchLength(body) });
      c.header("Retry-After", String(wait));
      return c.json({ success: false, error: "rate limited" }, 429);
    }

    const envelope = batchOf(body);
    if (envelope.errors) return refuse(c, 400, envelope.errors);
    const { batch } = envelope;
    // A body smaller than the event limit cannot hold an oversized event: skip re-serializing each one.
    const oversized = bodyBytes <= LIMITS.eventBytes ? -1 : batch.batch.findIndex((m) => Buffer.byteLength(JSON.stringify(m)) > LIMITS.eventBytes);
    if (oversized >= 0) {
      return c.json({ success: false, error: `batch.${oversized} is over ${LIMITS.eventBytes} bytes` }, 413);
    }
    const receivedAt = now();
    const { events, errors, quick } = eventsOf(envelope, receivedAt);
    if (errors.length) return refuse(c, 400, errors);
    const screened = screenBatch(project, events, { userAgent: c.req.header("user-agent"), gpc: c.req.header("sec-gpc") });

    try {
      if (screened.kept.length) {
        // The body's own text, where it gives the same events again, spares a store that logs first
        // re-serializing them: about a sixth of the event loop's time at 16 clients, as profiled.
        if (store.appendBody && !single && derivable(batch, quick, events, screened.kept)) await store.appendBody(project.id, { text, receivedAt }, screened.kept);
        else await store.append(project.id, screened.kept);
        onAppended?.(project, screened.kept);
      }
    } catch (err) {
      if (err instanceof StoreUnavailableError) {
        c.header("Retry-After", "5");
        return c.json({ success: false, error: "store unavailable, retry later" }, 503);
      }
      throw err;
    }
    // Counted only once the batch is answered 2xx: a refused batch is sent again, with its counts.
    drops?.add(project.id, { ...screened.drops, client: clientDropped(body) });
    const header = droppedHeader(screened.drops);
    if (header) {
      c.header(DROPPED_HEADER, header);
      // Readable from a browser's fetch too, not only from server libraries.
      c.header("Access-Control-Expose-Headers", DROPPED_HEADER);
    }
    return c.json({ success: true });
  };

  app.post("/v1/batch", (c) => handle(c));
  for (const [route, type] of Object.entries(SINGLE_ROUTES)) app.post(`/v1/${route}`, (c) => handle(c, type));
  return app;
}

const GZIP_ERROR = "body is not valid gzip";
const OVER_LIMIT = Symbol("over the batch limit");
const INFLATES_OVER_LIMIT = Symbol("over the batch limit once inflated");

/**
 * The body as text, and its size in bytes as sent. Over LIMITS.batchBytes it is refused without being read
 * whole: by its Content-Length, or while it streams in. `?compression=gzip` (the browser SDK's compressed
 * batches; a query parameter rather than Content-Encoding keeps the request free of a CORS preflight) is
 * inflated with a cap, so a small zip bomb cannot become a large allocation.
 */
async function readBody(c: Context): Promise<{ text: string; bytes: number } | typeof OVER_LIMIT | typeof INFLATES_OVER_LIMIT> {
  const gzip = c.req.query("compression") === "gzip";
  const declared = c.req.header("content-length");
  let raw: Buffer;
  if (declared !== undefined && c.req.header("transfer-encoding") === undefined) {
    const bytes = Number(declared);
    if (bytes > LIMITS.batchBytes) return OVER_LIMIT;
    // The node adapter reads a body of known length straight from the socket when asked for text.
    if (!gzip) return { text: await c.req.text(), bytes };
    raw = Buffer.from(await c.req.arrayBuffer());
  } else {
    const capped = await readCapped(c.req.raw.body, LIMITS.batchBytes);
    if (capped === null) return OVER_LIMIT;
    raw = capped;
  }
  if (!gzip) return { text: raw.toString("utf8"), bytes: raw.length };
  try {
    return { text: gunzipSync(raw, { maxOutputLength: LIMITS.batchBytes }).toString("utf8"), bytes: raw.length };
  } catch (err) {
    if ((err as { code?: string }).code === "ERR_BUFFER_TOO_LARGE") return INFLATES_OVER_LIMIT;
    throw new SyntaxError(GZIP_ERROR);
  }
}

/** A body of unknown length, read up to `max` bytes; null past that. */
async function readCapped(stream: ReadableStream<Uint8Array> | null, max: number): Promise<Buffer | null> {
  if (!stream) return Buffer.alloc(0);
  const reader = stream.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) return Buffer.concat(chunks, size);
    size += value.length;
    if (size > max) {
      await reader.cancel();
      return null;
    }
    chunks.push(value);
  }
}

function refuse(c: Context, status: 400, errors: TFieldError[]) {
  const summary = errors.slice(0, 5).map((e) => `${e.path}: ${e.message}`).join("; ");
  return c.json({ success: false, error: summary, errors: errors.slice(0, 100) }, status);
}

/** A single-message route carries the message itself; make it a one-message batch. */
function wrapSingle(body: unknown, type: string): unknown {
  if (!body || typeof body !== "object" || Array.isArray(body)) return body;
  const { writeKey, sentAt, ...message } = body as Record<string, unknown>;
  return { batch: [{ ...message, type }], writeKey, sentAt };
}

/** `Authorization: Basic base64(writeKey:)`, as @segment/analytics-node sends it. */
function basicUser(header: string | undefined): string | null {
  if (!header?.startsWith("Basic ")) return null;
  const decoded = Buffer.from(header.slice(6), "base64").toString();
  const user = decoded.split(":")[0];
  return user || null;
}

/** Events the SDK itself had to drop (queue bound, oversized event), reported in the body's `dropped`. */
function clientDropped(body: unknown): number {
  const n = (body as { dropped?: unknown } | null)?.dropped;
  return typeof n === "number" && Number.isSafeInteger(n) && n > 0 ? Math.min(n, 1_000_000) : 0;
}

function batchLength(body: unknown): number {
  const batch = (body as { batch?: unknown } | null)?.batch;
  return Array.isArray(batch) ? batch.length : 1;
}

function bodyWriteKey(body: unknown): string | null {
  const key = (body as { writeKey?: unknown } | null)?.writeKey;
  return typeof key === "string" && key ? key : null;
}

function clientIp(c: Context): string {
  try {
    return getConnInfo(c).remote.address ?? "unknown";
  } catch {
    return "unknown"; // app.request() in tests has no socket
  }
}
