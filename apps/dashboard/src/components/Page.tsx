/** The frame of every view: title, optional filter bar, and the view's content. */
import type { ComponentChildren } from "preact";
import { useEffect } from "preact/hooks";
import type { Filters } from "../api.ts";
import { FilterBar } from "./FilterBar.tsx";

type Props = {
  title: string;
  lead?: ComponentChildren;
  filters?: Filters;
  now: number;
  extra?: Record<string, string | undefined>;
  actions?: ComponentChildren;
  children: ComponentChildren;
};

export function Page({ title, lead, filters, now, extra, actions, children }: Props) {
  useEffect(() => {
    document.title = `${title} · Uptake`;
  }, [title]);
  return (
    <>
      <header class="page-head">
        <div class="page-title">
          <h1>{title}</h1>
          {lead && <p class="muted">{lead}</p>}
        </div>
        {actions && <div class="page-actions">{actions}</div>}
      </header>
      {filters && <FilterBar filters={filters} now={now} extra={extra} />}
      <div class="page-body">{children}</div>
    </>
  );
}
