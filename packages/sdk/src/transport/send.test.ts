import { gunzipSync, gzipSync } from "node:zlib";
import { describe, expect, it } from "vitest";
import type { FetchLike } from "../types";
import { createSend } from "./send";

const timers = { set: (fn: () => void, ms: number) => setTimeout(fn, ms), clear: (h: unknown) => clearTimeout(h as number) };
const gzip = async (text: string) => new Uint8Array(gzipSync(text)).buffer;

function recorder() {
  const sent: { url: string; body: string | ArrayBuffer }[] = [];
  const fetch: FetchLike = async (url, init) => {
    sent.push({ url, body: init.body });
    return { status: 200, headers: { get: () => null } };
  };
  return { sent, fetch };
}

describe("send", () => {
  const big = JSON.stringify({ batch: Array.from({ length: 40 }, (_, i) => ({ event: "Feature Used", i })) });

  it("gzips a batch over 1 KB and says so in the URL, so the body stays a simple text/plain request", async () => {
    const { sent, fetch } = recorder();
    await createSend(timers, fetch, undefined, gzip)("https://c.example/v1/batch", big, false);
    expect(sent[0].url).toBe("https://c.example/v1/batch?compression=gzip");
    const body = Buffer.from(sent[0].body as ArrayBuffer);
    expect(body.length).toBeLessThan(big.length / 3);
    expect(gunzipSync(body).toString()).toBe(big);
  });

  it("sends small batches, unload sends and batches the browser cannot compress as plain text", async () => {
    const { sent, fetch } = recorder();
    const failing = async () => Promise.reject(new Error("no CompressionStream"));
    await createSend(timers, fetch, undefined, gzip)("u", '{"batch":[]}', false);
    await createSend(timers, fetch, undefined, gzip)("u", big, true);
    await createSend(timers, fetch, undefined, failing)("u", big, false);
    expect(sent.map((s) => [s.url, typeof s.body])).toEqual([["u", "string"], ["u", "string"], ["u", "string"]]);
  });
});
