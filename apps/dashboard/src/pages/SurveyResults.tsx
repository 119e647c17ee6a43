/** One survey's results: score, distribution, trend with its margin, comments, and the CSV export. */
import { useState } from "preact/hooks";
import type { SurveyResults } from "../api.ts";
import { Chart } from "../components/Chart.tsx";
import { Page } from "../components/Page.tsx";
import { Async } from "../components/State.tsx";
import { Bar, Card, Stat } from "../components/Stat.tsx";
import { href } from "../filters.ts";
import { day, num, pct } from "../format.ts";
import { useLoad } from "../hooks.ts";
import { distributionRows, isNps, scoreOf, surveyScoreLabel } from "./surveys-model.ts";
import type { PageProps } from "./types.ts";

export function SurveyResultsPage({ api, filters, route, now }: PageProps) {
  const id = route.params.id;
  const key = [id, filters.from, filters.to, filters.interval, filters.segment];
  const [def] = useLoad(() => api.survey(id), [id]);
  const [results, retry] = useLoad(() => api.surveyResults(id, filters), key);
  const [page, setPage] = useState(1);
  const [comments, retryComments] = useLoad(() => api.responses(id, { ...filters }, page), [...key, page]);
  const [exportError, setExportError] = useState("");
  const title = def.state === "ok" ? def.data.name || def.data.question : id;

  async function download() {
    setExportError("");
    const r = await api.responsesCsv(id, filters);
    if (!r.ok) return setExportError(r.message);
    const url = URL.createObjectURL(new Blob([r.data], { type: "text/csv" }));
    const a = Object.assign(document.createElement("a"), { href: url, download: `survey-${id}-${filters.from}-${filters.to}.csv` });
    a.click();
    setTimeout(() => URL.revokeObjectURL(url), 1000);
  }

  return (
    <Page
      title={title}
      lead={<a href={href("/surveys", filters)}>← All surveys</a>}
      filters={filters}
      now={now}
      actions={
        <>
          <button type="button" class="btn" onClick={download}>
            Export CSV
          </button>
          <a class="btn" href={href(`/surveys/${encodeURIComponent(id)}/edit`, filters)}>
            Edit survey
          </a>
        </>
      }
    >
      {exportError && (
        <p class="form-error" role="alert">
          Export failed: {exportError}
        </p>
      )}
      <Async load={results} what="results" retry={retry}>
        {(r) => <ResultsView r={r} />}
      </Async>
      <Card title="Answers">
        <Async load={comments} what="answers" retry={retryComments} isEmpty={(d) => d.total === 0}>
          {(d) => (
            <>
              <ul class="comments">
                {d.responses.map((x) => (
                  <li>
                    <span class="score-chip">{x.score ?? "—"}</span>
                    <div>
                      <p>{x.comment || <span class="muted">No comment</span>}</p>
                      <p class="muted small">
                        {x.user}
                        {x.account ? ` · ${x.account}` : ""} · {day(x.timestamp, true)}
                      </p>
                    </div>
                  </li>
                ))}
              </ul>
              {d.pages > 1 && (
                <nav class="pager" aria-label="Answer pages">
                  <button type="button" class="btn" disabled={page <= 1} onClick={() => setPage(page - 1)}>
                    Previous
                  </button>
                  <span class="muted">
                    Page {d.page} of {d.pages}
                  </span>
                  <button type="button" class="btn" disabled={page >= d.pages} onClick={() => setPage(page + 1)}>
                    Next
                  </button>
                </nav>
              )}
            </>
          )}
        </Async>
      </Card>
    </Page>
  );
}

function ResultsView({ r }: { r: SurveyResults }) {
  const rows = distributionRows(r);
  const max = Math.max(1, ...rows.map((x) => x.count));
  const nps = isNps(r);
  return (
    <>
      <div class="stats">
        <Stat id="survey-score" label={nps ? "NPS" : "CSAT (satisfied)"} value={surveyScoreLabel(r)} sub={nps && r.marginOfError != null ? `± ${num(r.marginOfError)} points (95 %)` : !nps && r.average != null ? `average ${num(r.average)}` : undefined} />
        <Stat id="survey-responses" label="Answers" value={num(r.responses)} />
        <Stat label="Shown" value={num(r.shown)} sub={r.dismissed !== undefined ? `${num(r.dismissed)} dismissed` : undefined} />
        <Stat label="Response rate" value={r.responseRate == null ? "—" : pct(r.responseRate / 100)} />
      </div>
      <div class="grid two">
        <Card title="Distribution">
          <ul class="dist">
            {rows.map((x) => (
              <li data-group={x.group}>
                <span>{x.label}</span>
                <Bar share={x.count / max} label={`${x.label}: ${x.count}`} />
                <span class="num">{num(x.count)}</span>
              </li>
            ))}
          </ul>
        </Card>
        <Card title="Trend">
          <Chart
            label={nps ? "NPS" : "CSAT"}
            height={200}
            dates={r.series.map((p) => p.date)}
            spanGaps
            series={[{ label: nps ? "NPS" : "CSAT %", values: r.series.map((p) => scoreOf(p)) }]}
          />
        </Card>
      </div>
    </>
  );
}
