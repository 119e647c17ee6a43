/** Features: adoption per feature (users vs accounts), its trend, and which features are sticky or occasional. */
import { Chart } from "../components/Chart.tsx";
import { Page } from "../components/Page.tsx";
import { Sparkline } from "../components/Sparkline.tsx";
import { Async } from "../components/State.tsx";
import { Bar, Card, Stat } from "../components/Stat.tsx";
import { writeFilters } from "../filters.ts";
import { num, pct } from "../format.ts";
import { useLoad } from "../hooks.ts";
import { navigate } from "../router.ts";
import { featureRows, type FeatureRow, type SortKey } from "./features-model.ts";
import type { PageProps } from "./types.ts";

const COLUMNS: { key: SortKey; label: string }[] = [
  { key: "feature", label: "Feature" },
  { key: "adoption", label: "Adoption" },
  { key: "users", label: "Users" },
  { key: "accounts", label: "Accounts" },
  { key: "uses", label: "Uses" },
  { key: "stickiness", label: "Returning" },
];

export function Features({ api, filters, route, now }: PageProps) {
  const params = new URLSearchParams(route.search);
  const sort = (COLUMNS.find((c) => c.key === params.get("sort"))?.key ?? "adoption") as SortKey;
  const chosen = params.get("feature") ?? "";
  const extra = { sort: sort === "adoption" ? undefined : sort, feature: chosen || undefined };
  const [load, retry] = useLoad(() => api.features(filters), [filters.from, filters.to, filters.interval, filters.segment]);
  const set = (next: Record<string, string | undefined>) => navigate(location.pathname + writeFilters(filters, { ...extra, ...next }), true);

  return (
    <Page title="Features" lead="Who uses what: adoption among active users, by people and by accounts." filters={filters} now={now} extra={extra}>
      <Async load={load} what="features" retry={retry} isEmpty={(d) => d.features.length === 0} empty="Send Feature Used events (uptake.feature(name)) to see adoption.">
        {(data) => {
          const rows = featureRows(data.features, sort);
          const focus = rows.find((r) => r.feature === chosen) ?? featureRows(data.features, "adoption")[0];
          const sticky = rows.filter((r) => r.sticky).length;
          return (
            <>
              <div class="stats">
                <Stat label="Features in use" value={num(rows.length)} />
                <Stat label="Active users" value={num(data.activeUsers)} sub="in range" />
                <Stat label="Active accounts" value={num(data.activeAccounts)} sub="in range" />
                <Stat label="Sticky features" value={num(sticky)} sub={`${num(rows.length - sticky)} occasional`} />
              </div>
              <Card title={`Users of “${focus.feature}” per ${filters.interval}`} class="wide">
                <Chart
                  label={`${focus.feature} over time`}
                  dates={focus.series.map((p) => p.date)}
                  series={[
                    { label: "Users", values: focus.series.map((p) => p.users) },
                    { label: "Uses", values: focus.series.map((p) => p.uses) },
                  ]}
                />
              </Card>
              <Card title="Adoption by feature">
                <div class="table-wrap">
                  <table class="table" aria-describedby="sticky-note">
                    <thead>
                      <tr>
                        {COLUMNS.map((c) => (
                          <th scope="col" class={c.key === "feature" ? "" : "num"} aria-sort={sort === c.key ? (c.key === "feature" ? "ascending" : "descending") : undefined}>
                            <button type="button" class="th-btn" onClick={() => set({ sort: c.key === "adoption" ? undefined : c.key })}>
                              {c.label}
                            </button>
                          </th>
                        ))}
                        <th scope="col">Trend</th>
                        <th scope="col">Kind</th>
                      </tr>
                    </thead>
                    <tbody>
                      {rows.map((r) => (
                        <FeatureLine row={r} selected={r.feature === focus.feature} onPick={() => set({ feature: r.feature })} />
                      ))}
                    </tbody>
                  </table>
                </div>
                <p id="sticky-note" class="muted small note">
                  Adoption: the feature's users over all active users in the range. Returning: the average share of a feature's users who use it in a
                  given {filters.interval}. Sticky: people return to it at least as regularly as to the median feature; occasional: less.
                </p>
              </Card>
            </>
          );
        }}
      </Async>
    </Page>
  );
}

function FeatureLine({ row: r, selected, onPick }: { row: FeatureRow; selected: boolean; onPick: () => void }) {
  return (
    <tr class={selected ? "selected" : ""}>
      <th scope="row">
        <button type="button" class="link" aria-pressed={selected} onClick={onPick}>
          {r.feature}
        </button>
      </th>
      <td class="num">
        <div class="cell-bar">
          <Bar share={r.adoption} label={`${pct(r.adoption)} adoption`} />
          <span>{pct(r.adoption)}</span>
        </div>
      </td>
      <td class="num">{num(r.users)}</td>
      <td class="num">{num(r.accounts)}</td>
      <td class="num">{num(r.uses)}</td>
      <td class="num">{pct(r.stickiness)}</td>
      <td>
        <Sparkline values={r.series.map((p) => p.users)} label={`${r.feature} users trend`} />
      </td>
      <td>
        <span class={`pill ${r.sticky ? "good" : "neutral"}`}>{r.sticky ? "Sticky" : "Occasional"}</span>
      </td>
    </tr>
  );
}
