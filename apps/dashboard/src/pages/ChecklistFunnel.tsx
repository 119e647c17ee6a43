/** One checklist's funnel: started, completed, time to onboard, and each item's completion. */
import { Page } from "../components/Page.tsx";
import { Async } from "../components/State.tsx";
import { Card, Stat } from "../components/Stat.tsx";
import { href } from "../filters.ts";
import { hours, num, pct } from "../format.ts";
import { useLoad } from "../hooks.ts";
import { funnelSteps } from "./checklists-model.ts";
import type { PageProps } from "./types.ts";

export function ChecklistFunnel({ api, filters, route, now }: PageProps) {
  const id = route.params.id;
  const [def] = useLoad(() => api.checklist(id), [id]);
  const [load, retry] = useLoad(() => api.funnel(id, filters), [id, filters.from, filters.to, filters.segment]);
  const checklist = def.state === "ok" ? def.data : undefined;
  return (
    <Page
      title={checklist?.title ?? id}
      lead={<a href={href("/checklists", filters)}>← All checklists</a>}
      filters={filters}
      now={now}
      actions={
        <a class="btn" href={href(`/checklists/${encodeURIComponent(id)}/edit`, filters)}>
          Edit checklist
        </a>
      }
    >
      <Async load={load} what="the funnel" retry={retry} isEmpty={(f) => f.started === 0} empty="Nobody has ticked an item of this checklist in this range.">
        {(f) => (
          <>
            <div class="stats">
              <Stat id="started" label="Started" value={num(f.started)} />
              <Stat id="completed" label="Completed" value={num(f.completed)} sub={`${pct(f.started ? f.completed / f.started : null)} of those who started`} />
              <Stat label="Median time to onboard" value={hours(f.medianHoursToComplete)} sub="from first seen to done" />
              <Stat label="Slowest 10 % take" value={hours(f.p90HoursToComplete)} />
            </div>
            <Card title="Funnel by item">
              <ol class="funnel">
                {funnelSteps(checklist, f).map((s) => (
                  <li>
                    <div class="funnel-label">
                      <strong>{s.title}</strong>
                      <span class="muted small">{s.medianDays == null ? "" : `median ${num(s.medianDays)} days`}</span>
                    </div>
                    <div class="funnel-bar" role="img" aria-label={`${s.title}: ${num(s.completed)} people, ${pct(s.share)}`}>
                      <span style={{ width: `${Math.max(0.5, s.share * 100)}%` }} />
                    </div>
                    <span class="num">
                      {num(s.completed)} <span class="muted">· {pct(s.share)}</span>
                    </span>
                  </li>
                ))}
              </ol>
            </Card>
          </>
        )}
      </Async>
    </Page>
  );
}
