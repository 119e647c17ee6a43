import { afterAll, describe, expect, inject, it } from "vitest";
import { describeEventStore, ev } from "../contract.ts";
import { describeWidgetStore } from "../widget-contract.ts";
import { createClickHouseHttp } from "./http.ts";
import { createClickHouseStore } from "./index.ts";

const url = inject("clickhouseUrl");

/** A store over its own database, dropped at the end, so test files can share the server. */
function fresh(suite: string) {
  const database = `${suite}_${process.pid}_${Date.now()}`;
  return [
    () => createClickHouseStore({ url, database }),
    async () => {
      const http = createClickHouseHttp({ url });
      await http.exec(`DROP DATABASE IF EXISTS ${database}`);
      http.close();
    },
  ] as const;
}

describeEventStore("clickhouse", ...fresh("contract"));
describeWidgetStore("clickhouse", ...fresh("widgets"));

describe("ClickHouse TSV inserts", () => {
  const [open, drop] = fresh("tsv");
  afterAll(drop);

  it("stores tabs, newlines, backslashes, quotes, NUL and non-ASCII text exactly as sent", async () => {
    const store = await open();
    const nasty = "a\tb\nc\\d\\\\n'e\"f\0g\rh\bi\fj ✓ 日本";
    const sent = ev({
      messageId: "m-tsv", type: "track", event: `Clicked ${nasty}`, userId: `u\t1`, anonymousId: null,
      properties: { label: nasty, nested: { back: "\\t is not a tab" } }, traits: {}, context: { page: { title: nasty } },
    });
    await store.ensureProject({ id: "p-tsv", name: "TSV", writeKey: "wk_tsv", secretKeyHash: "h" });
    await store.append("p-tsv", [sent]);
    const [got] = await store.exportUser("p-tsv", "u\t1");
    expect(got).toEqual({ ...sent, accountId: null });
    await store.close();
  });
});
