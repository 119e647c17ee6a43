/** One account: its traits, health and the score's parts, alerts, logins, and (when the collector answers) its people and activity. */
import type { AccountDetail } from "../api.ts";
import { HealthBadge, HealthPartsList, Trend } from "../components/Health.tsx";
import { Page } from "../components/Page.tsx";
import { Async, Empty } from "../components/State.tsx";
import { Card, Stat } from "../components/Stat.tsx";
import { href } from "../filters.ts";
import { num, trait } from "../format.ts";
import { useLoad } from "../hooks.ts";
import { accountName } from "./accounts-model.ts";
import type { PageProps } from "./types.ts";

export function Account({ api, filters, route, now }: PageProps) {
  const id = route.params.id;
  const key = [id, filters.from, filters.to, filters.segment];
  const [list, retry] = useLoad(() => api.accounts({ ...filters, segment: undefined }), key);
  const [logins] = useLoad(() => api.logins({ ...filters, segment: undefined }), key);
  const [detail, retryDetail] = useLoad(() => api.account(id, filters), key);
  const account = list.state === "ok" ? list.data.accounts.find((a) => a.id === id) : undefined;
  const loginRow = logins.state === "ok" ? logins.data.accounts?.find((a) => a.accountId === id) : undefined;

  return (
    <Page
      title={account ? accountName(account) : id}
      lead={<a href={href("/accounts", filters)}>← All accounts</a>}
      filters={filters}
      now={now}
    >
      <Async load={list} what="the account" retry={retry}>
        {() =>
          !account ? (
            <Empty title="No such account in this range">It has no activity between these dates, or the id is wrong.</Empty>
          ) : (
            <>
              <div class="stats">
                <div class="stat">
                  <div class="stat-label">Health</div>
                  <div class="stat-value">
                    <HealthBadge score={account.health} />
                  </div>
                  <div class="stat-sub">
                    usage <Trend value={account.trend} /> vs its baseline
                  </div>
                </div>
                <Stat label="Active users (28 days)" value={num(account.activeUsers)} sub={account.users !== undefined ? `of ${num(account.users)} users` : undefined} />
                <Stat label="Sign-ins in range" value={num(loginRow?.logins ?? 0)} sub={loginRow ? `${num(loginRow.loginsPerUser)} per active user` : undefined} />
                <Stat label="Alerts" value={num(account.alerts.length)} tone={account.alerts.length ? "down" : undefined} />
              </div>
              <div class="grid two">
                <Card title="Health score parts">
                  <HealthPartsList parts={account.parts} />
                </Card>
                <Card title="Traits">
                  <dl class="traits">
                    {Object.entries(account.traits).map(([k, v]) => (
                      <div>
                        <dt>{k}</dt>
                        <dd>{trait(v)}</dd>
                      </div>
                    ))}
                  </dl>
                </Card>
              </div>
              <Card title="Alerts">
                {account.alerts.length ? (
                  <ul class="alert-list">
                    {account.alerts.map((a) => (
                      <li>
                        <span class="pill bad">{a.reason.replace(/_/g, " ")}</span> {a.message}
                      </li>
                    ))}
                  </ul>
                ) : (
                  <p class="muted">No early warning for this account.</p>
                )}
              </Card>
            </>
          )
        }
      </Async>
      <Async load={detail} what="this account's users, features, survey answers and checklist progress" retry={retryDetail}>
        {(d) => <AccountActivity detail={d} />}
      </Async>
    </Page>
  );
}

function AccountActivity({ detail }: { detail: AccountDetail }) {
  return (
    <div class="grid two">
      <Card title="Users">
        {detail.users?.length ? (
          <ul class="plain">
            {detail.users.map((u) => (
              <li>
                {u.id} <span class="muted small">{num(u.events)} events, {num(u.logins)} sign-ins</span>
              </li>
            ))}
          </ul>
        ) : (
          <p class="muted">No users.</p>
        )}
      </Card>
      <Card title="Features used">
        {detail.features?.length ? (
          <ul class="plain">
            {detail.features.map((f) => (
              <li>
                {f.feature} <span class="muted small">{num(f.uses)} uses by {num(f.users)} users</span>
              </li>
            ))}
          </ul>
        ) : (
          <p class="muted">No feature used.</p>
        )}
      </Card>
      <Card title="Survey answers">
        {detail.surveys?.length ? (
          <ul class="plain">
            {detail.surveys.map((s) => (
              <li>
                <strong>{s.score ?? "—"}</strong> {s.comment} <span class="muted small">{s.surveyId}</span>
              </li>
            ))}
          </ul>
        ) : (
          <p class="muted">No answer.</p>
        )}
      </Card>
      <Card title="Checklist progress">
        {detail.checklists?.length ? (
          <ul class="plain">
            {detail.checklists.map((c) => (
              <li>
                {c.checklistId}: {c.completedItems.length} items done{c.completed ? " (complete)" : ""}
              </li>
            ))}
          </ul>
        ) : (
          <p class="muted">No checklist progress.</p>
        )}
      </Card>
    </div>
  );
}
