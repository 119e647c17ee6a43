/** Pure helpers for checklists: a blank definition, validation, the wire form and funnel steps. */
import type { Checklist, ChecklistItem, Funnel } from "../api.ts";

const ID = /^[A-Za-z0-9][A-Za-z0-9_-]{0,63}$/;

export function blankChecklist(): Checklist {
  return {
    id: "",
    title: "Get started",
    items: [{ id: "first-step", title: "Do the first thing", completeOn: { event: "" } }],
    audience: {},
  };
}

export function checklistErrors(c: Checklist): Record<string, string> {
  const e: Record<string, string> = {};
  if (!ID.test(c.id)) e.id = "1–64 letters, digits, - or _, starting with a letter or digit.";
  if (!c.title.trim()) e.title = "Give the checklist a title.";
  if (!c.items.length) e.items = "Add at least one item.";
  if (c.items.length > 20) e.items = "At most 20 items.";
  const seen = new Set<string>();
  c.items.forEach((it, i) => {
    if (!ID.test(it.id)) e[`item-${i}-id`] = "Letters, digits, - or _.";
    else if (seen.has(it.id)) e[`item-${i}-id`] = "Each item needs its own id.";
    seen.add(it.id);
    if (!it.title.trim()) e[`item-${i}-title`] = "Write what to do.";
    if (it.completeOn !== "manual" && !it.completeOn.event.trim()) e[`item-${i}-event`] = "Name the event that ticks it, or make it manual.";
  });
  return e;
}

export function checklistInput(c: Checklist): Checklist {
  const { status: _s, createdAt: _c, updatedAt: _u, ...rest } = c;
  return {
    ...rest,
    ...(c.description?.trim() ? { description: c.description } : { description: undefined }),
    items: c.items.map((it): ChecklistItem => {
      const out: ChecklistItem = { id: it.id, title: it.title, completeOn: it.completeOn };
      if (it.description?.trim()) out.description = it.description;
      if (it.href?.trim()) out.href = it.href;
      if (it.scope) out.scope = it.scope;
      return out;
    }),
  };
}

/** Funnel steps in the checklist's own item order, each with its share of the people who started. */
export function funnelSteps(c: Pick<Checklist, "items"> | undefined, f: Funnel): { id: string; title: string; completed: number; share: number; medianDays: number | null }[] {
  const byId = new Map(f.items.map((i) => [i.id, i]));
  const order = c ? c.items.map((i) => ({ id: i.id, title: i.title })) : f.items.map((i) => ({ id: i.id, title: i.id }));
  for (const i of f.items) if (!order.some((o) => o.id === i.id)) order.push({ id: i.id, title: i.id });
  return order.map((o) => {
    const n = byId.get(o.id)?.completed ?? 0;
    return { ...o, completed: n, share: f.started ? n / f.started : 0, medianDays: byId.get(o.id)?.medianDaysToComplete ?? null };
  });
}
