/** Surveys: the project's NPS and CSAT surveys with their current score, and a way to create one. */
import type { Api, Filters, Result, Survey, SurveyResults } from "../api.ts";
import { Page } from "../components/Page.tsx";
import { Sparkline } from "../components/Sparkline.tsx";
import { Async } from "../components/State.tsx";
import { Card } from "../components/Stat.tsx";
import { href } from "../filters.ts";
import { num } from "../format.ts";
import { useLoad } from "../hooks.ts";
import { scoreTrend, surveyScoreLabel } from "./surveys-model.ts";
import type { PageProps } from "./types.ts";

export function Surveys({ api, filters, now }: PageProps) {
  const [load, retry] = useLoad(() => withResults(api, filters), [filters.from, filters.to, filters.interval, filters.segment]);
  return (
    <Page
      title="Surveys"
      lead="NPS and CSAT: who is asked, what they answer, and how it moves."
      filters={filters}
      now={now}
      actions={
        <a class="btn primary" href={href("/surveys/new", filters)}>
          New survey
        </a>
      }
    >
      <Card title="All surveys">
        <Async load={load} what="surveys" retry={retry} isEmpty={(d) => d.length === 0} empty="No survey yet: create one to start asking.">
          {(rows) => (
            <div class="table-wrap">
              <table class="table">
                <thead>
                  <tr>
                    <th scope="col">Survey</th>
                    <th scope="col">Kind</th>
                    <th scope="col">Status</th>
                    <th scope="col" class="num">
                      Score
                    </th>
                    <th scope="col" class="num">
                      Answers
                    </th>
                    <th scope="col">Trend</th>
                    <th scope="col">
                      <span class="sr-only">Actions</span>
                    </th>
                  </tr>
                </thead>
                <tbody>
                  {rows.map(({ survey: s, results: r }) => (
                    <tr data-survey={s.id}>
                      <th scope="row">
                        <a href={href(`/surveys/${encodeURIComponent(s.id)}`, filters)}>{s.name || s.question}</a>
                        <div class="muted small">{s.id}</div>
                      </th>
                      <td>
                        <span class={`pill ${s.kind}`}>{s.kind.toUpperCase()}</span>
                      </td>
                      <td>{s.status ?? "active"}</td>
                      <td class="num">{r.ok ? surveyScoreLabel(r.data) : "—"}</td>
                      <td class="num">{r.ok ? num(r.data.responses) : "—"}</td>
                      <td>{r.ok ? <Sparkline values={scoreTrend(r.data)} label="score trend" /> : <span class="muted small">{r.message}</span>}</td>
                      <td>
                        <a href={href(`/surveys/${encodeURIComponent(s.id)}/edit`, filters)}>Edit</a>
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )}
        </Async>
      </Card>
    </Page>
  );
}

async function withResults(api: Api, f: Filters): Promise<Result<{ survey: Survey; results: Result<SurveyResults> }[]>> {
  const list = await api.surveys();
  if (!list.ok) return list;
  const results = await Promise.all(list.data.map((s) => api.surveyResults(s.id, f)));
  return { ok: true, data: list.data.map((survey, i) => ({ survey, results: results[i] })) };
}
