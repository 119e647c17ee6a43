import { createServer, type IncomingMessage } from "node:http";
import { describe, expect, it } from "vitest";
import { WRITE_KEY, SECRET_KEY, testCollector, track } from "../testing.ts";
import { verify } from "../webhooks/sign.ts";

const NOW = Date.parse("2026-11-23T12:00:00Z");
const at = (day: string, fields: Record<string, unknown>) => track({ timestamp: `${day}T10:00:00Z`, ...fields });

describe("survey, checklist and webhook routes", () => {
  it("answers NPS with bands, margin of error and response rate, by hand", async () => {
    const { send, query } = await testCollector({ now: () => NOW });
    const nps = { survey_id: "q4", kind: "nps" };
    const batch = [10, 9, 8, 7, 6, 0].map((score, i) =>
      at("2026-11-20", { userId: `u${i}`, event: "Survey Responded", properties: { ...nps, score, ...(i === 5 ? { comment: "Too slow, =cmd" } : {}) } }),
    );
    for (let i = 0; i < 12; i++) batch.push(at("2026-11-19", { userId: `u${i}`, event: "Survey Shown", properties: nps }));
    batch.push(at("2026-11-20", { userId: "other", event: "Survey Responded", properties: { survey_id: "other", kind: "nps", score: 0 } }));
    expect((await send({ writeKey: WRITE_KEY, batch })).status).toBe(200);

    const res = await (await query("/v1/surveys/q4/results?from=2026-11-16&to=2026-11-22&interval=week")).json();
    expect(res).toMatchObject({ kind: "nps", nps: 0, promoters: 2, passives: 2, detractors: 2, responses: 6, shown: 12, responseRate: 50, marginOfError: 65.3 });
    expect(res.bands.promoters).toEqual({ count: 2, percent: 33.3 });
    expect(res.series).toEqual([{ date: "2026-11-16", nps: 0, responses: 6, marginOfError: 65.3 }]);

    const page = await (await query("/v1/surveys/q4/responses?from=2026-11-16&to=2026-11-22")).json();
    expect(page).toMatchObject({ total: 1, pages: 1, responses: [{ user: "u5", score: 0, comment: "Too slow, =cmd" }] });
    const csv = await (await query("/v1/surveys/q4/responses.csv?from=2026-11-16&to=2026-11-22")).text();
    const lines = csv.trim().split("\r\n");
    expect(lines).toHaveLength(7);
    expect(lines[0]).toBe("timestamp,survey_id,kind,score,scale,comment,user,account");
    expect(csv).toContain(`"Too slow, =cmd"`);
  });

  it("answers CSAT with average, distribution and % satisfied on its own scale", async () => {
    const { send, query } = await testCollector({ now: () => NOW });
    const csat = (score: number, scale: number, userId: string) =>
      at("2026-11-21", { userId, event: "Survey Responded", properties: { survey_id: "support", kind: "csat", score, scale } });
    await send({ writeKey: WRITE_KEY, batch: [csat(5, 5, "a"), csat(4, 5, "b"), csat(3, 5, "c"), csat(1, 5, "d")] });
    const res = await (await query("/v1/surveys/support/results?from=2026-11-21&to=2026-11-21")).json();
    expect(res).toMatchObject({ kind: "csat", csat: 50, average: 3.25, responses: 4, satisfied: 2, distribution: { "5": 1, "4": 1, "3": 1, "1": 1 } });
    await send({ writeKey: WRITE_KEY, batch: [csat(6, 7, "e"), csat(5, 7, "f")] });
    const seven = await (await query("/v1/surveys/support/results?from=2026-11-21&to=2026-11-21")).json();
    expect(seven).toMatchObject({ responses: 6, satisfied: 3, csat: 50 });
  });

  it("answers a checklist funnel with time to onboard from first seen", async () => {
    const { send, query } = await testCollector({ now: () => NOW });
    const item = (userId: string, ts: string, item_id: string) => track({ userId, timestamp: ts, event: "Checklist Item Completed", properties: { checklist_id: "onb", item_id } });
    const done = (userId: string, ts: string) => track({ userId, timestamp: ts, event: "Checklist Completed", properties: { checklist_id: "onb" } });
    await send({
      writeKey: WRITE_KEY,
      batch: [
        track({ userId: "a", timestamp: "2026-11-10T00:00:00Z", event: "Signed In", properties: {} }),
        item("a", "2026-11-10T06:00:00Z", "connect"), item("a", "2026-11-11T00:00:00Z", "invite"), done("a", "2026-11-11T00:00:00Z"),
        track({ userId: "b", timestamp: "2026-11-10T00:00:00Z", event: "Signed In", properties: {} }),
        item("b", "2026-11-12T00:00:00Z", "connect"), item("b", "2026-11-13T00:00:00Z", "invite"), done("b", "2026-11-13T00:00:00Z"),
        track({ userId: "c", timestamp: "2026-11-10T00:00:00Z", event: "Signed In", properties: {} }),
        item("c", "2026-11-10T12:00:00Z", "connect"),
      ],
    });
    const res = await (await query("/v1/checklists/onb/funnel?from=2026-11-01&to=2026-11-22")).json();
    expect(res).toMatchObject({ started: 3, completed: 2, completionRate: 66.7, medianHoursToComplete: 48, p90HoursToComplete: 67.2 });
    expect(res.items).toEqual([
      { id: "connect", completed: 3, medianDaysToComplete: 0.5 },
      { id: "invite", completed: 2, medianDaysToComplete: 2 },
    ]);
  });

  it("manages webhooks and delivers signed survey responses to a real receiver, retrying a 500", async () => {
    const received: { body: string; signature: string | undefined }[] = [];
    let failuresLeft = 1;
    const server = createServer((req: IncomingMessage, res) => {
      let body = "";
      req.on("data", (c) => (body += c));
      req.on("end", () => {
        if (failuresLeft-- > 0) {
          res.writeHead(500).end();
          return;
        }
        received.push({ body, signature: req.headers["x-uptake-signature"] as string | undefined });
        res.writeHead(204).end();
      });
    });
    await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
    const port = (server.address() as { port: number }).port;
    try {
      const { app, send } = await testCollector();
      const auth = { authorization: `Bearer ${SECRET_KEY}`, "content-type": "application/json" };
      expect((await app.request("/v1/webhooks", { method: "POST", headers: { "content-type": "application/json" }, body: "{}" })).status).toBe(401);
      const bad = await app.request("/v1/webhooks", { method: "POST", headers: auth, body: JSON.stringify({ url: "ftp://x" }) });
      expect(bad.status).toBe(400);
      const created = await app.request("/v1/webhooks", {
        method: "POST", headers: auth, body: JSON.stringify({ url: `http://127.0.0.1:${port}/hook`, events: ["survey.responded"] }),
      });
      expect(created.status).toBe(201);
      const hook = await created.json();
      expect(hook.secret).toMatch(/^whsec_/);
      const list = await (await app.request("/v1/webhooks", { headers: auth })).json();
      expect(list.webhooks).toHaveLength(1);
      expect(list.webhooks[0].secret).toBeUndefined();

      await send({ writeKey: WRITE_KEY, batch: [track({ userId: "u", event: "Survey Responded", properties: { survey_id: "q", kind: "nps", score: 9 } })] });
      for (let i = 0; i < 100 && received.length === 0; i++) await new Promise((r) => setTimeout(r, 50));
      expect(received).toHaveLength(1);
      const [delivery] = received;
      expect(verify(hook.secret, delivery.body, delivery.signature)).toBe(true);
      expect(verify("whsec_wrong_secret_wrong", delivery.body, delivery.signature)).toBe(false);
      expect(JSON.parse(delivery.body)).toMatchObject({ type: "survey.responded", data: { userId: "u", properties: { score: 9 } } });

      expect((await app.request(`/v1/webhooks/${hook.id}`, { method: "DELETE", headers: auth })).status).toBe(204);
      expect((await app.request(`/v1/webhooks/${hook.id}`, { method: "DELETE", headers: auth })).status).toBe(404);
    } finally {
      server.close();
    }
  }, 20_000);
});
