/**
 * ClickHouse over its HTTP interface, with node:http and a keep-alive agent. We talk HTTP directly rather
 * than through @clickhouse/client because the 18.16 servers we support need JSONEachRow inserts and
 * hand-quoted values anyway (no query parameters), and TSV/JSON bodies over plain HTTP insert about twice
 * as fast. Every failure that means "not now" becomes StoreUnavailableError so ingest answers 503.
 */
import http from "node:http";
import { StoreUnavailableError } from "../types.ts";

export type ClickHouseHttp = {
  /** Runs a SELECT and returns its rows (JSONEachRow, 64-bit integers as numbers). */
  query<T>(sql: string): Promise<T[]>;
  /** Runs a statement that returns nothing (DDL, ALTER … DELETE). */
  exec(sql: string): Promise<void>;
  /** Inserts rows in one request; resolves once the server has written them. */
  insert(table: string, rows: readonly object[]): Promise<void>;
  /**
   * insert() for big batches: TabSeparated values in `columns` order (null is SQL NULL). The server parses
   * TSV about three times faster than JSONEachRow, which is most of an events insert's time.
   */
  insertTsv(table: string, columns: readonly string[], rows: readonly (readonly (string | number | null)[])[]): Promise<void>;
  close(): void;
};

/**
 * Server error codes that mean "try again later" rather than "this query is wrong": timeouts, memory,
 * too many parts, read-only replicas, lost ZooKeeper or shards, unknown insert status.
 */
const TRANSIENT_CODES = new Set([159, 164, 173, 202, 203, 209, 210, 225, 241, 242, 243, 252, 279, 285, 286, 319, 999]);

const SOCKET_ERRORS = new Set(["ECONNREFUSED", "ECONNRESET", "EPIPE", "ETIMEDOUT", "EHOSTUNREACH", "ENETUNREACH", "ENOTFOUND", "EAI_AGAIN", "ECONNABORTED"]);

export type HttpOptions = { url: string; database?: string; timeoutMs?: number; settings?: Record<string, string | number> };

export function createClickHouseHttp({ url, database, timeoutMs = 60_000, settings = {} }: HttpOptions): ClickHouseHttp {
  const base = new URL(url);
  const agent = new http.Agent({ keepAlive: true, maxSockets: 16 });
  const auth = base.username ? `${decodeURIComponent(base.username)}:${decodeURIComponent(base.password)}` : undefined;

  function request(params: Record<string, string>, body: string, retried = false): Promise<string> {
    const search = new URLSearchParams({
      // Settings in the URL (insert_quorum, insert_distributed_sync, …) apply to every request.
      ...Object.fromEntries(base.searchParams),
      ...(database ? { database } : {}),
      output_format_json_quote_64bit_integers: "0",
      // A grouped append looks up 20,000 message ids in one IN list, past the 256 KiB default.
      max_query_size: "16777216",
      ...Object.fromEntries(Object.entries(settings).map(([k, v]) => [k, String(v)])),
      ...params,
    });
    return new Promise<string>((resolve, reject) => {
      const req = http.request(
        {
          agent,
          auth,
          hostname: base.hostname,
          port: base.port || 8123,
          path: `${base.pathname.replace(/\/$/, "")}/?${search}`,
          method: "POST",
          headers: { "content-type": "text/plain; charset=utf-8", "content-length": Buffer.byteLength(body) },
          timeout: timeoutMs,
        },
        (res) => {
          const chunks: Buffer[] = [];
          res.on("data", (c: Buffer) => chunks.push(c));
          res.on("error", (err) => reject(unavailable(err)));
          res.on("end", () => {
            const text = Buffer.concat(chunks).toString("utf8");
            if (res.statusCode === 200) return resolve(text);
            reject(serverError(res.statusCode ?? 0, text));
          });
        },
      );
      req.on("timeout", () => req.destroy(Object.assign(new Error(`ClickHouse did not answer in ${timeoutMs} ms`), { code: "ETIMEDOUT" })));
      req.on("error", (err: NodeJS.ErrnoException) => {
        // A kept-alive socket the server closed while idle: the request never reached it, so resending is safe.
        if (!retried && req.reusedSocket && err.code === "ECONNRESET") {
          request(params, body, true).then(resolve, reject);
          return;
        }
        reject(SOCKET_ERRORS.has(err.code ?? "") || /socket hang up/.test(err.message) ? unavailable(err) : err);
      });
      req.end(body);
    });
  }

  return {
    async query<T>(sql: string) {
      const text = await request({}, `${sql}\nFORMAT JSONEachRow`);
      const rows: T[] = [];
      for (const line of text.split("\n")) if (line) rows.push(JSON.parse(line) as T);
      return rows;
    },
    async exec(sql) {
      await request({}, sql);
    },
    async insert(table, rows) {
      if (rows.length === 0) return;
      let body = "";
      for (const r of rows) body += `${JSON.stringify(r)}\n`;
      await request({ query: `INSERT INTO ${table} FORMAT JSONEachRow` }, body);
    },
    async insertTsv(table, columns, rows) {
      if (rows.length === 0) return;
      let body = "";
      for (const r of rows) body += `${r.map(tsvField).join("\t")}\n`;
      await request({ query: `INSERT INTO ${table} (${columns.join(", ")}) FORMAT TabSeparated` }, body);
    },
    close() {
      agent.destroy();
    },
  };
}

const TSV_ESCAPES: Record<string, string> = { "\\": "\\\\", "\t": "\\t", "\n": "\\n", "\r": "\\r", "\0": "\\0", "\b": "\\b", "\f": "\\f" };

/** One TabSeparated field: backslash escapes for the characters that would end it, \N for NULL. */
export function tsvField(v: string | number | null): string {
  if (v === null) return "\\N";
  if (typeof v === "number") return String(v);
  return v.replace(/[\\\t\n\r\0\b\f]/g, (c) => TSV_ESCAPES[c]);
}

function unavailable(err: Error): StoreUnavailableError {
  return new StoreUnavailableError(`ClickHouse unreachable: ${err.message}`, err);
}

/** `Code: 252, e.displayText() = DB::Exception: Too many parts …` → transient or a real error. */
function serverError(status: number, text: string): Error {
  const code = Number(/Code: (\d+)/.exec(text)?.[1] ?? 0);
  const message = `ClickHouse ${status}: ${text.trim().slice(0, 500)}`;
  if (status === 503 || TRANSIENT_CODES.has(code)) return new StoreUnavailableError(message);
  return Object.assign(new Error(message), { code });
}
