import { describe, expect, it } from "vitest";
import { WRITE_KEY, testCollector, track } from "../testing.ts";

describe("GET /v1/trends/active-users", () => {
  it("needs the secret key: none, a wrong one or the write key get 401", async () => {
    const { app } = await testCollector();
    expect((await app.request("/v1/trends/active-users")).status).toBe(401);
    const wrong = await app.request("/v1/trends/active-users", { headers: { authorization: "Bearer sk_wrong" } });
    expect(wrong.status).toBe(401);
    const write = await app.request("/v1/trends/active-users", { headers: { authorization: `Bearer ${WRITE_KEY}` } });
    expect(write.status).toBe(401);
  });

  it("counts daily, weekly and monthly actives and stickiness", async () => {
    const now = Date.parse("2026-11-23T12:00:00Z");
    const { send, query } = await testCollector({ now: () => now });
    const at = (day: string, userId: string) => track({ userId, timestamp: `${day}T10:00:00Z` });
    await send({
      writeKey: WRITE_KEY,
      batch: [at("2026-11-01", "a"), at("2026-11-20", "a"), at("2026-11-20", "b"), at("2026-11-21", "c"), at("2026-11-21", "c")],
    });
    const res = await query("/v1/trends/active-users?from=2026-11-20&to=2026-11-21&interval=day");
    expect(res.status).toBe(200);
    expect((await res.json()).series).toEqual([
      { date: "2026-11-20", dau: 2, wau: 2, mau: 2, stickiness: 1 },
      { date: "2026-11-21", dau: 1, wau: 3, mau: 3, stickiness: 0.3333 },
    ]);
  });

  it("answers 400 naming a bad parameter", async () => {
    const { query } = await testCollector();
    const res = await query("/v1/trends/active-users?from=yesterday");
    expect(res.status).toBe(400);
    expect((await res.json()).error).toContain("from");
    expect((await query("/v1/trends/active-users?tz=Mars/Olympus")).status).toBe(400);
  });
});
