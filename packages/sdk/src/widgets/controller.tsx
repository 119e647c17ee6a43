/** @jsxImportSource preact */
/**
 * The widgets' brain, inside the lazy chunk: shows the survey an event or URL triggers (one at a time,
 * each once per page), keeps the checklist's launcher and ticks, and reports every step through the
 * core's track() and emit(), so answers ride the same durable queue as any event.
 */
import type { TChecklistPayload, TSurveyPayload, TWidgetsAnswer } from "@uptake/schema";
import { render } from "preact";
import { Checklist } from "./checklist";
import { strings } from "./i18n";
import { matches } from "./match";
import { mount, type Mounted } from "./mount";
import { Survey } from "./ui/survey";
import type { WidgetsController, WidgetsHost } from "./types";

type OpenList = { m: Mounted; list: TChecklistPayload; open: boolean; focus: boolean; celebrated: boolean };

export function start(host: WidgetsHost, first: TWidgetsAnswer | null, doc: Document = document): WidgetsController {
  const t = strings(host.locale);
  let answer = first;
  let survey: Mounted | null = null;
  let checklist: OpenList | null = null;
  const shownHere = new Set<string>();
  const here = () => doc.defaultView?.location.href ?? "";

  function showSurvey(s: TSurveyPayload, focus: boolean) {
    if (survey || !answer) return;
    shownHere.add(s.id);
    const before = doc.activeElement as HTMLElement | null;
    const m = (survey = mount(doc, "survey", answer.theme, host.nonce));
    const base = { survey_id: s.id, kind: s.kind };
    const ids = { surveyId: s.id, kind: s.kind };
    let closed = false;
    const close = () => {
      if (closed) return;
      closed = true;
      render(null, m.root);
      m.remove();
      survey = null;
      if (before?.isConnected) before.focus();
    };
    host.track("Survey Shown", base);
    host.emit("survey:shown", ids);
    render(
      <Survey
        s={s}
        t={t}
        locale={host.locale}
        autoFocus={focus}
        onAnswer={(score, comment) => {
          host.track("Survey Responded", { ...base, score, ...(comment ? { comment } : {}) });
          host.emit("survey:answered", { ...ids, score, comment });
        }}
        onDismiss={(snooze) => {
          host.track("Survey Dismissed", { ...base, ...(snooze ? { snooze: true } : {}) });
          host.emit("survey:dismissed", ids);
          close();
        }}
        onClose={close}
      />,
      m.root,
    );
  }

  /** A survey due for this event (or navigation, `name` null), unless the page has moved on since. */
  function trigger(name: string | null, properties: Record<string, unknown>, url: string) {
    if (survey || !answer || url !== here()) return;
    const s = answer.surveys.find((x) => !x.forced && !shownHere.has(x.id) && matches(x.trigger, name, properties, url));
    // Focus moves into the survey so a keyboard user can answer it at once; it goes back on close.
    if (s) showSurvey(s, true);
  }

  function drawChecklist() {
    if (!checklist) return;
    const c = checklist;
    render(
      <Checklist
        list={c.list}
        t={t}
        locale={host.locale}
        open={c.open}
        focus={c.focus}
        onToggle={(open) => {
          c.open = open;
          c.focus = open;
          drawChecklist();
        }}
        onManual={(itemId) => tick(itemId, { manual: true })}
        onHide={() => {
          host.track("Checklist Dismissed", { checklist_id: c.list.id });
          closeChecklist();
        }}
      />,
      c.m.root,
    );
  }

  function closeChecklist() {
    if (!checklist) return;
    render(null, checklist.m.root);
    checklist.m.remove();
    checklist = null;
  }

  function tick(itemId: string, extra: Record<string, unknown> = {}) {
    const c = checklist;
    const item = c?.list.items.find((i) => i.id === itemId);
    if (!c || !item || item.done) return;
    c.list = { ...c.list, items: c.list.items.map((i) => (i === item ? { ...i, done: true } : i)) };
    host.track("Checklist Item Completed", { checklist_id: c.list.id, item_id: itemId, ...extra });
    host.emit("checklist:item", { checklistId: c.list.id, itemId });
    celebrate();
    drawChecklist();
  }

  function celebrate() {
    const c = checklist;
    if (!c || c.celebrated || c.list.completed || !c.list.items.every((i) => i.done)) return;
    c.celebrated = true;
    c.open = true;
    host.track("Checklist Completed", { checklist_id: c.list.id });
    host.emit("checklist:completed", { checklistId: c.list.id });
  }

  function placeChecklist(list: TChecklistPayload, open: boolean, focus: boolean) {
    if (checklist && checklist.list.id !== list.id) closeChecklist();
    if (!answer) return;
    if (!checklist) {
      checklist = { m: mount(doc, "checklist", answer.theme, host.nonce), list, open, focus, celebrated: false };
    } else {
      checklist.list = list;
      checklist.open ||= open;
      checklist.focus = focus;
    }
    celebrate();
    drawChecklist();
  }

  function update(next: TWidgetsAnswer) {
    answer = next;
    const current = checklist && next.checklists.find((c) => c.id === checklist?.list.id);
    const list = current || next.checklists.find((c) => !c.dismissed && !c.completed);
    if (list && !list.dismissed && !(list.completed && !checklist?.celebrated)) placeChecklist(list, false, false);
    else if (!list || list.dismissed) closeChecklist();
    trigger(null, {}, here());
  }

  if (first) update(first);

  return {
    update,
    event(name, properties, url) {
      trigger(name, properties, url);
      for (const item of checklist?.list.items || []) if (!item.done && item.on && matches(item.on, name, properties, url)) tick(item.id);
    },
    async showSurvey(id) {
      const next = await host.load({ survey: id });
      if (!next) return;
      answer = next;
      const s = next.surveys.find((x) => x.id === id);
      if (s) showSurvey(s, true);
    },
    async showChecklist(id) {
      const next = await host.load();
      if (!next) return;
      answer = next;
      const list = next.checklists.find((c) => (id ? c.id === id : true));
      if (!list) return;
      if (list.dismissed) host.track("Checklist Reopened", { checklist_id: list.id });
      placeChecklist({ ...list, dismissed: false }, true, true);
    },
  };
}
