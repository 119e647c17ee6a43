/** Overview: active users, logins, top features, NPS/CSAT, onboarding and accounts at risk, at a glance. */
import type { Api, Checklist, Filters, Funnel, Result, Survey, SurveyResults } from "../api.ts";
import { Chart } from "../components/Chart.tsx";
import { Sparkline } from "../components/Sparkline.tsx";
import { Async } from "../components/State.tsx";
import { Bar, Card, Stat } from "../components/Stat.tsx";
import { Page } from "../components/Page.tsx";
import { href, isoDay } from "../filters.ts";
import { change, day, hours, num, pct } from "../format.ts";
import { useLoad } from "../hooks.ts";
import { atRisk, type AtRisk } from "./accounts-model.ts";
import { scoreTrend, surveyScoreLabel } from "./surveys-model.ts";
import type { PageProps } from "./types.ts";

const PREVIOUS = { day: "previous day", week: "previous week", month: "previous month" } as const;

export function Overview({ api, filters, now }: PageProps) {
  const key = [filters.from, filters.to, filters.interval, filters.segment];
  const [active, retryActive] = useLoad(() => api.activeUsers(filters), key);
  const [logins, retryLogins] = useLoad(() => api.logins(filters), key);
  const [features, retryFeatures] = useLoad(() => api.features(filters), key);
  const [surveys, retrySurveys] = useLoad(() => surveysWithResults(api, filters), key);
  const [onboarding, retryOnboarding] = useLoad(() => checklistsWithFunnels(api, filters), key);
  // Alerts, not the full accounts answer: the overview needs who is slipping, and health scores cost more to compute.
  const [alerts, retryAlerts] = useLoad(() => api.alerts(filters), key);

  return (
    <Page title="Overview" lead="How many people use the product, and how they feel about it." filters={filters} now={now}>
      <Async load={active} what="active users" retry={retryActive} isEmpty={(d) => d.series.length === 0}>
        {({ series }) => {
          const i = headlineIndex(series.length, filters, now);
          const last = series[i];
          const prev = series[i - 1];
          const when = filters.interval === "day" ? day(last.date) : `${filters.interval} of ${day(last.date)}`;
          const vs = (a: number, b?: number) => {
            const c = change(a, b);
            return `${when} · ${c ? `${c} vs ${PREVIOUS[filters.interval]}` : "no earlier bucket in range"}`;
          };
          return (
            <>
              <div class="stats" data-bucket={last.date} aria-label={`Active users, ${when}`}>
                <Stat id="dau" label="Daily active users" value={num(last.dau)} sub={vs(last.dau, prev?.dau)} />
                <Stat id="wau" label="Weekly active users" value={num(last.wau)} sub={vs(last.wau, prev?.wau)} />
                <Stat id="mau" label="Monthly active users" value={num(last.mau)} sub={vs(last.mau, prev?.mau)} />
                <Stat id="stickiness" label="Stickiness (DAU / MAU)" value={pct(last.stickiness)} sub={vs(last.stickiness, prev?.stickiness)} />
              </div>
              <Card title="Active users" class="wide">
                <Chart
                  label="Active users"
                  dates={series.map((p) => p.date)}
                  series={[
                    { label: "DAU", values: series.map((p) => p.dau) },
                    { label: "WAU", values: series.map((p) => p.wau) },
                    { label: "MAU", values: series.map((p) => p.mau) },
                  ]}
                />
              </Card>
            </>
          );
        }}
      </Async>
      <div class="grid two">
        <Card title="Logins">
          <Async load={logins} what="logins" retry={retryLogins} isEmpty={(d) => d.series.every((p) => p.logins === 0)}>
            {({ series }) => (
              <>
                <div class="stats compact">
                  <Stat id="logins" label="Sign-ins" value={num(series.reduce((s, p) => s + p.logins, 0))} />
                  <Stat id="login-users" label="Peak users signing in" value={num(Math.max(0, ...series.map((p) => p.users)))} sub={`per ${filters.interval}`} />
                </div>
                <Chart label="Sign-ins" bars height={160} dates={series.map((p) => p.date)} series={[{ label: "Sign-ins", values: series.map((p) => p.logins) }]} />
              </>
            )}
          </Async>
        </Card>
        <Card title="Top features by adoption" action={<a href={href("/features", filters)}>All features →</a>}>
          <Async load={features} what="features" retry={retryFeatures} isEmpty={(d) => d.features.length === 0}>
            {({ features: list }) => (
              <ol class="rank">
                {[...list]
                  .sort((a, b) => b.adoption - a.adoption)
                  .slice(0, 6)
                  .map((f) => (
                    <li>
                      <span class="rank-name">{f.feature}</span>
                      <Bar share={f.adoption} label={`${f.feature}: ${pct(f.adoption)} of active users`} />
                      <span class="num">{pct(f.adoption)}</span>
                    </li>
                  ))}
              </ol>
            )}
          </Async>
        </Card>
        <Card title="NPS and CSAT" action={<a href={href("/surveys", filters)}>Surveys →</a>}>
          <Async load={surveys} what="surveys" retry={retrySurveys} isEmpty={(d) => d.length === 0} empty="Create an NPS or CSAT survey to see scores here.">
            {(list) => (
              <ul class="scores">
                {list.map(({ survey, results }) => (
                  <li>
                    <a href={href(`/surveys/${encodeURIComponent(survey.id)}`, filters)} class="score-name">
                      <span class={`pill ${survey.kind}`}>{survey.kind.toUpperCase()}</span> {survey.question}
                    </a>
                    {results.ok ? (
                      <>
                        <span class="score-value" data-score={survey.id}>{surveyScoreLabel(results.data)}</span>
                        <Sparkline values={scoreTrend(results.data)} label={`${survey.kind.toUpperCase()} trend`} />
                        <span class="muted small">{num(results.data.responses)} answers</span>
                      </>
                    ) : (
                      <span class="muted small">{results.status === 404 ? "results not available yet" : results.message}</span>
                    )}
                  </li>
                ))}
              </ul>
            )}
          </Async>
        </Card>
        <Card title="Onboarding" action={<a href={href("/checklists", filters)}>Checklists →</a>}>
          <Async load={onboarding} what="checklists" retry={retryOnboarding} isEmpty={(d) => d.length === 0} empty="Create a checklist to follow onboarding here.">
            {(list) => (
              <ul class="scores">
                {list.map(({ checklist, funnel }) => (
                  <li>
                    <a class="score-name" href={href(`/checklists/${encodeURIComponent(checklist.id)}`, filters)}>
                      {checklist.title}
                    </a>
                    {funnel.ok ? (
                      <>
                        <span class="score-value">{pct(funnel.data.started ? funnel.data.completed / funnel.data.started : null)}</span>
                        <Bar share={funnel.data.started ? funnel.data.completed / funnel.data.started : 0} label="completion" />
                        <span class="muted small">
                          {num(funnel.data.completed)} of {num(funnel.data.started)} done · median {hours(funnel.data.medianHoursToComplete)}
                        </span>
                      </>
                    ) : (
                      <span class="muted small">{funnel.status === 404 ? "funnel not available yet" : funnel.message}</span>
                    )}
                  </li>
                ))}
              </ul>
            )}
          </Async>
        </Card>
      </div>
      <Card title="Accounts at risk" action={<a href={href("/accounts", filters)}>All accounts →</a>}>
        <Async load={alerts} what="alerts" retry={retryAlerts} isEmpty={(d) => d.alerts.length === 0} empty="No account's usage dropped against its own baseline.">
          {(d) => <RiskList accounts={atRisk(d.alerts)} filters={filters} />}
        </Async>
      </Card>
    </Page>
  );
}

/**
 * Which bucket the headline figures come from: the last one, unless the range runs into today, whose
 * bucket is still filling up; then the one before it, so a morning's half-day is not read as a drop.
 */
export function headlineIndex(length: number, f: Filters, now: number): number {
  return f.to >= isoDay(now) && length > 1 ? length - 2 : length - 1;
}

function RiskList({ accounts, filters }: { accounts: AtRisk[]; filters: Filters }) {
  return (
    <ul class="risk">
      {accounts.map((a) => (
        <li>
          <a href={href(`/accounts/${encodeURIComponent(a.id)}`, filters)}>{a.name}</a>
          <span class="alerts">
            {a.alerts.map((x) => (
              <span class="pill bad">{x.reason.replace(/_/g, " ")}</span>
            ))}
          </span>
          <span class="muted small">{a.alerts.map((x) => x.message).join(" · ")}</span>
        </li>
      ))}
    </ul>
  );
}

async function surveysWithResults(api: Api, f: Filters): Promise<Result<{ survey: Survey; results: Result<SurveyResults> }[]>> {
  const s = await api.surveys();
  if (!s.ok) return s;
  const list = s.data.slice(0, 5);
  const results = await Promise.all(list.map((x) => api.surveyResults(x.id, f)));
  return { ok: true, data: list.map((survey, i) => ({ survey, results: results[i] })) };
}

async function checklistsWithFunnels(api: Api, f: Filters): Promise<Result<{ checklist: Checklist; funnel: Result<Funnel> }[]>> {
  const c = await api.checklists();
  if (!c.ok) return c;
  const list = c.data.slice(0, 5);
  const funnels = await Promise.all(list.map((x) => api.funnel(x.id, f)));
  return { ok: true, data: list.map((checklist, i) => ({ checklist, funnel: funnels[i] })) };
}
