import { afterAll, describe, expect, it } from "vitest";
import { describeEventStore, ev } from "../contract.ts";
import { describeWidgetStore } from "../widget-contract.ts";
import { freshClickHouse } from "./testing.ts";

describeEventStore("clickhouse", ...freshClickHouse("contract"));
describeWidgetStore("clickhouse", ...freshClickHouse("widgets"));

describe("ClickHouse TSV inserts", () => {
  const [open, drop] = freshClickHouse("tsv");
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
