/**
 * ClickHouse over its HTTP interface, with node:http and a keep-alive agent. We talk HTTP directly rather
 * than through @clickhouse/client because the 18.16 servers we support need JSONEachRow inserts and
 * hand-quoted values anyway (no query parameters), and TSV/JSON bodies over plain HTTP insert about twice
 * as fast. Every failure that means "not now" becomes StoreUnavailableError so ingest answers 503.
 */
import { randomUUID } from "node:crypto";
import http from "node:http";
import { StoreUnavailableError } from "../types.ts";

/**
 * A list of values sent beside a query as an external table (HTTP multipart), readable in SQL by `name`
 * with one String column `column`. The server reads it as data instead of parsing a literal per value:
 * 10,000 ids in an IN list took about 100 ms to parse on 18.16, the same ids as a table about 5 ms.
 */
export type ExternalTable = { name: string; column: string; values: Iterable<string> };

export type ClickHouseHttp = {
  /** Runs a SELECT and returns its rows (JSONEachRow, 64-bit integers as numbers). */
  query<T>(sql: string, tables?: readonly ExternalTable[]): Promise<T[]>;
  /**
   * query() for big answers: TabSeparated rows as arrays of text, in the SELECT's column order. JS parses
   * them several times faster than one JSON object per row.
   */
  rows(sql: string, tables?: readonly ExternalTable[]): Promise<string[][]>;
  /**
   * rows() for answers whose every column is a UInt32: the rows one after another, columns in the SELECT's
   * order, read from RowBinary with no text to parse (active users get one row per active person: 26 k over
   * 10 M events).
   */
  uint32s(sql: string): Promise<Uint32Array>;
  /** Runs a statement that returns nothing (DDL, ALTER … DELETE). */
  exec(sql: string): Promise<void>;
  /** Inserts rows in one request; resolves once the server has written them. */
  insert(table: string, rows: readonly object[]): Promise<void>;
  /**
   * insert() for big batches: TabSeparated lines in `columns` order (fields escaped with tsvField). The
   * server parses TSV about three times faster than JSONEachRow, which is most of an events insert's time.
   */
  insertTsv(table: string, columns: readonly string[], lines: Buffer): Promise<void>;
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

  function request(params: Record<string, string>, body: string | Buffer, contentType = "text/plain; charset=utf-8", retried = false): Promise<Buffer> {
    const search = new URLSearchParams({
      // Settings in the URL (insert_quorum, insert_distributed_sync, …) apply to every request.
      ...Object.fromEntries(base.searchParams),
      ...(database ? { database } : {}),
      output_format_json_quote_64bit_integers: "0",
      ...Object.fromEntries(Object.entries(settings).map(([k, v]) => [k, String(v)])),
      ...params,
    });
    return new Promise<Buffer>((resolve, reject) => {
      const req = http.request(
        {
          agent,
          auth,
          hostname: base.hostname,
          port: base.port || 8123,
          path: `${base.pathname.replace(/\/$/, "")}/?${search}`,
          method: "POST",
          headers: {
            "content-type": contentType,
            "content-length": Buffer.byteLength(body),
            // 18.16 may leave the end of a multipart body unread and keep the connection: the next request
            // on it then met those bytes and came back 400 with no message (three of four 100 M demo loads
            // stopped so; the one traced, right after a read with external tables on the same connection).
            // Such a connection serves one request.
            ...(contentType.startsWith("multipart/") ? { connection: "close" } : {}),
          },
          timeout: timeoutMs,
        },
        (res) => {
          const chunks: Buffer[] = [];
          res.on("data", (c: Buffer) => chunks.push(c));
          res.on("error", (err) => reject(unavailable(err)));
          res.on("end", () => {
            const answer = Buffer.concat(chunks);
            if (res.statusCode === 200) return resolve(answer);
            reject(serverError(res.statusCode ?? 0, answer.toString("utf8")));
          });
        },
      );
      req.on("timeout", () => req.destroy(Object.assign(new Error(`ClickHouse did not answer in ${timeoutMs} ms`), { code: "ETIMEDOUT" })));
      req.on("error", (err: NodeJS.ErrnoException) => {
        // A kept-alive socket the server closed while idle: the request never reached it, so resending is safe.
        if (!retried && req.reusedSocket && err.code === "ECONNRESET") {
          request(params, body, contentType, true).then(resolve, reject);
          return;
        }
        reject(SOCKET_ERRORS.has(err.code ?? "") || /socket hang up/.test(err.message) ? unavailable(err) : err);
      });
      req.end(body);
    });
  }

  /** The query in the URL, each table a part of a multipart/form-data body (TabSeparated). */
  function requestWith(sql: string, tables: readonly ExternalTable[], extra: Record<string, string> = {}): Promise<Buffer> {
    const boundary = `uptake-${randomUUID()}`;
    const params: Record<string, string> = { ...extra, query: sql };
    let body = "";
    for (const t of tables) {
      params[`${t.name}_structure`] = `${t.column} String`;
      params[`${t.name}_format`] = "TabSeparated";
      body += `--${boundary}\r\nContent-Disposition: form-data; name="${t.name}"; filename="${t.name}"\r\n\r\n`;
      for (const v of t.values) body += `${tsvField(v)}\n`;
      body += "\r\n";
    }
    return request(params, `${body}--${boundary}--\r\n`, `multipart/form-data; boundary=${boundary}`);
  }

  /**
   * A SELECT's whole answer in `format`. wait_end_of_query: the server holds the answer back until the query
   * has finished, so an error met after the first rows comes as an error status; streamed, it came as text
   * after a 200's rows, which read as a shorter answer.
   */
  function read(sql: string, format: string, tables: readonly ExternalTable[] = []): Promise<Buffer> {
    const query = `${sql}\nFORMAT ${format}`;
    return tables.length ? requestWith(query, tables, WHOLE_ANSWER) : request(WHOLE_ANSWER, query);
  }

  return {
    async query<T>(sql: string, tables: readonly ExternalTable[] = []) {
      const text = (await read(sql, "JSONEachRow", tables)).toString("utf8");
      const rows: T[] = [];
      for (const line of text.split("\n")) if (line) rows.push(JSON.parse(line) as T);
      return rows;
    },
    async rows(sql, tables = []) {
      const text = (await read(sql, "TabSeparated", tables)).toString("utf8");
      const out: string[][] = [];
      for (const line of text.split("\n")) {
        if (line === "") continue;
        const fields = line.split("\t");
        for (let i = 0; i < fields.length; i++) if (fields[i].includes("\\")) fields[i] = fields[i].replace(/\\(.)/g, (_, c: string) => TSV_UNESCAPES[c] ?? c);
        out.push(fields);
      }
      return out;
    },
    async uint32s(sql) {
      const answer = await read(sql, "RowBinary");
      const out = new Uint32Array(answer.length >> 2);
      for (let i = 0; i < out.length; i++) out[i] = answer.readUInt32LE(i << 2);
      return out;
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
    async insertTsv(table, columns, lines) {
      if (lines.length === 0) return;
      await request({ query: `INSERT INTO ${table} (${columns.join(", ")}) FORMAT TabSeparated` }, lines);
    },
    close() {
      agent.destroy();
    },
  };
}

const WHOLE_ANSWER = { wait_end_of_query: "1" };

const TSV_ESCAPES: Record<string, string> = { "\\": "\\\\", "\t": "\\t", "\n": "\\n", "\r": "\\r", "\0": "\\0", "\b": "\\b", "\f": "\\f" };

const TSV_UNESCAPES: Record<string, string> = { b: "\b", f: "\f", r: "\r", n: "\n", t: "\t", "0": "\0" };

const TSV_SPECIAL = /[\\\t\n\r\0\b\f]/;

/** One TabSeparated field: backslash escapes for the characters that would end it (most values have none). */
export function tsvField(v: string): string {
  return TSV_SPECIAL.test(v) ? v.replace(/[\\\t\n\r\0\b\f]/g, (c) => TSV_ESCAPES[c]) : v;
}

/** A value as a JSON TabSeparated field: JSON already escapes every control character, so only its backslashes need doubling. */
export function tsvJson(v: unknown): string {
  const s = JSON.stringify(v);
  return s.includes("\\") ? s.replaceAll("\\", "\\\\") : s;
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
