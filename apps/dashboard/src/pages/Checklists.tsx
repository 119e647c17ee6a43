/** Checklists: the onboarding checklists with how many people started and finished each. */
import type { Api, Checklist, Filters, Funnel, Result } from "../api.ts";
import { Page } from "../components/Page.tsx";
import { Async } from "../components/State.tsx";
import { Bar, Card } from "../components/Stat.tsx";
import { href } from "../filters.ts";
import { hours, num, pct } from "../format.ts";
import { useLoad } from "../hooks.ts";
import type { PageProps } from "./types.ts";

export function Checklists({ api, filters, now }: PageProps) {
  const [load, retry] = useLoad(() => withFunnels(api, filters), [filters.from, filters.to, filters.segment]);
  return (
    <Page
      title="Checklists"
      lead="Onboarding: who starts, who finishes, and how long it takes."
      filters={filters}
      now={now}
      actions={
        <a class="btn primary" href={href("/checklists/new", filters)}>
          New checklist
        </a>
      }
    >
      <Card title="All checklists">
        <Async load={load} what="checklists" retry={retry} isEmpty={(d) => d.length === 0} empty="No checklist yet: create one to guide new users.">
          {(rows) => (
            <div class="table-wrap">
              <table class="table">
                <thead>
                  <tr>
                    <th scope="col">Checklist</th>
                    <th scope="col" class="num">
                      Items
                    </th>
                    <th scope="col" class="num">
                      Started
                    </th>
                    <th scope="col">Completed</th>
                    <th scope="col" class="num">
                      Median time to onboard
                    </th>
                    <th scope="col">
                      <span class="sr-only">Actions</span>
                    </th>
                  </tr>
                </thead>
                <tbody>
                  {rows.map(({ checklist: c, funnel: f }) => (
                    <tr>
                      <th scope="row">
                        <a href={href(`/checklists/${encodeURIComponent(c.id)}`, filters)}>{c.title}</a>
                        <div class="muted small">{c.id}</div>
                      </th>
                      <td class="num">{num(c.items.length)}</td>
                      <td class="num">{f.ok ? num(f.data.started) : "—"}</td>
                      <td>
                        {f.ok ? (
                          <div class="cell-bar">
                            <Bar share={f.data.started ? f.data.completed / f.data.started : 0} label="completion rate" />
                            <span>
                              {num(f.data.completed)} · {pct(f.data.started ? f.data.completed / f.data.started : null)}
                            </span>
                          </div>
                        ) : (
                          <span class="muted small">{f.message}</span>
                        )}
                      </td>
                      <td class="num">{f.ok ? hours(f.data.medianHoursToComplete) : "—"}</td>
                      <td>
                        <a href={href(`/checklists/${encodeURIComponent(c.id)}/edit`, filters)}>Edit</a>
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

async function withFunnels(api: Api, f: Filters): Promise<Result<{ checklist: Checklist; funnel: Result<Funnel> }[]>> {
  const list = await api.checklists();
  if (!list.ok) return list;
  const funnels = await Promise.all(list.data.map((c) => api.funnel(c.id, f)));
  return { ok: true, data: list.data.map((checklist, i) => ({ checklist, funnel: funnels[i] })) };
}
