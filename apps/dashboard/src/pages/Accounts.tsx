/** Accounts: every account sorted by health (worst first), with the score's parts, usage trend and alerts. */
import { HealthBadge, HealthParts, Trend } from "../components/Health.tsx";
import { Page } from "../components/Page.tsx";
import { Async } from "../components/State.tsx";
import { Card, Stat } from "../components/Stat.tsx";
import { href } from "../filters.ts";
import { day, num, trait } from "../format.ts";
import { useLoad } from "../hooks.ts";
import { accountName, healthLevel } from "./accounts-model.ts";
import type { PageProps } from "./types.ts";
import { Sparkline } from "../components/Sparkline.tsx";

export function Accounts({ api, filters, now }: PageProps) {
  const [load, retry] = useLoad(() => api.accounts(filters), [filters.from, filters.to, filters.segment]);
  return (
    <Page title="Accounts" lead="Health of every account, the parts of its score, and the early warnings." filters={filters} now={now}>
      <Async load={load} what="accounts" retry={retry} isEmpty={(d) => d.accounts.length === 0} empty="Accounts appear once users are grouped (uptake.group(accountId)).">
        {({ accounts, total, asOf }) => {
          const low = accounts.filter((a) => healthLevel(a.health) === "low").length;
          const alerted = accounts.filter((a) => a.alerts.length).length;
          return (
            <>
              <div class="stats">
                <Stat label="Accounts" value={num(total)} sub={`as of ${day(asOf, true)}`} />
                <Stat label="Low health (under 40)" value={num(low)} tone={low ? "down" : undefined} />
                <Stat label="With alerts" value={num(alerted)} tone={alerted ? "down" : undefined} />
                <Stat label="Active users (28 days)" value={num(accounts.reduce((s, a) => s + a.activeUsers, 0))} />
              </div>
              <Card title="Accounts by health">
                <div class="table-wrap">
                  <table class="table">
                    <thead>
                      <tr>
                        <th scope="col">Account</th>
                        <th scope="col">Plan</th>
                        <th scope="col">Tier</th>
                        <th scope="col" class="num">
                          Active users
                        </th>
                        <th scope="col" class="num" aria-sort="ascending">
                          Health
                        </th>
                        <th scope="col">Score parts</th>
                        <th scope="col" class="num">
                          Usage trend
                        </th>
                        <th scope="col">Alerts</th>
                      </tr>
                    </thead>
                    <tbody>
                      {accounts.map((a) => (
                        <tr data-account={a.id}>
                          <th scope="row">
                            <a href={href(`/accounts/${encodeURIComponent(a.id)}`, filters)}>{accountName(a)}</a>
                          </th>
                          <td>{trait(a.traits.plan)}</td>
                          <td>{trait(a.traits.tier)}</td>
                          <td class="num">
                            {num(a.activeUsers)}
                            {a.users !== undefined && <span class="muted"> / {num(a.users)}</span>}
                          </td>
                          <td class="num">
                            <HealthBadge score={a.health} />
                          </td>
                          <td>
                            <HealthParts parts={a.parts} />
                          </td>
                          <td class="num">
                            <Sparkline values={a.weeklyUsers ?? []} label={`${a.id}: active users per week, last 12 weeks`} />{" "}
                            <Trend value={a.trend} />
                          </td>
                          <td>
                            {a.alerts.length ? (
                              <div class="alerts">
                                {a.alerts.map((x) => (
                                  <span class="pill bad">{x.message}</span>
                                ))}
                              </div>
                            ) : (
                              <span class="muted">—</span>
                            )}
                          </td>
                        </tr>
                      ))}
                    </tbody>
                  </table>
                </div>
              </Card>
            </>
          );
        }}
      </Async>
    </Page>
  );
}
