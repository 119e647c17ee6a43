/** Create or edit an onboarding checklist: its title and items, each ticked by an event or by hand. */
import { useEffect, useState } from "preact/hooks";
import type { Checklist, ChecklistItem } from "../api.ts";
import { SelectField, TextField } from "../components/Field.tsx";
import { Page } from "../components/Page.tsx";
import { Failure, Loading } from "../components/State.tsx";
import { Card } from "../components/Stat.tsx";
import { href } from "../filters.ts";
import { useLoad } from "../hooks.ts";
import { navigate } from "../router.ts";
import { blankChecklist, checklistErrors, checklistInput } from "./checklists-model.ts";
import type { PageProps } from "./types.ts";

export function ChecklistEdit({ api, filters, route, now }: PageProps) {
  const isNew = route.name === "checklist-new";
  const [load, retry] = useLoad(() => (isNew ? Promise.resolve({ ok: true as const, data: blankChecklist() }) : api.checklist(route.params.id)), [route.params.id, isNew]);
  return (
    <Page title={isNew ? "New checklist" : "Edit checklist"} lead={<a href={href("/checklists", filters)}>← All checklists</a>} now={now}>
      {load.state === "loading" && <Loading what="the checklist" />}
      {load.state === "error" && <Failure what="the checklist" status={load.status} message={load.message} retry={retry} />}
      {load.state === "ok" && (
        <ChecklistForm
          initial={load.data}
          isNew={isNew}
          onSave={async (c) => {
            const r = await api.saveChecklist(checklistInput(c), isNew);
            if (r.ok) navigate(href(`/checklists/${encodeURIComponent(c.id)}`, filters));
            return r.ok ? "" : r.message;
          }}
        />
      )}
    </Page>
  );
}

export function ChecklistForm({ initial, isNew, onSave }: { initial: Checklist; isNew: boolean; onSave: (c: Checklist) => Promise<string> }) {
  const [c, setC] = useState(initial);
  const [touched, setTouched] = useState(false);
  const [saving, setSaving] = useState(false);
  const [saveError, setSaveError] = useState("");
  useEffect(() => setC(initial), [initial]);
  const errors = touched ? checklistErrors(c) : {};
  const setItem = (i: number, patch: Partial<ChecklistItem>) => setC({ ...c, items: c.items.map((it, j) => (j === i ? { ...it, ...patch } : it)) });
  const move = (i: number, by: number) => {
    const items = [...c.items];
    const [it] = items.splice(i, 1);
    items.splice(i + by, 0, it);
    setC({ ...c, items });
  };

  async function submit(e: Event) {
    e.preventDefault();
    setTouched(true);
    const errs = checklistErrors(c);
    if (Object.keys(errs).length) {
      document.getElementById(`checklist-${Object.keys(errs)[0]}`)?.focus();
      return;
    }
    setSaving(true);
    setSaveError(await onSave(c));
    setSaving(false);
  }

  return (
    <form class="editor single" onSubmit={submit} noValidate>
      <div class="editor-form">
        <Card title="Checklist">
          <div class="form-grid">
            <TextField id="checklist-id" label="Id" value={c.id} disabled={!isNew} error={errors.id} onInput={(id) => setC({ ...c, id })} />
            <TextField id="checklist-title" label="Title" value={c.title} error={errors.title} onInput={(title) => setC({ ...c, title })} />
          </div>
          <TextField id="checklist-description" label="Description" multiline value={c.description ?? ""} onInput={(description) => setC({ ...c, description })} />
        </Card>
        <Card title="Items" action={errors.items && <span class="form-error">{errors.items}</span>}>
          <ol class="items">
            {c.items.map((it, i) => {
              const manual = it.completeOn === "manual";
              return (
                <li class="item-row">
                  <div class="form-grid">
                    <TextField id={`checklist-item-${i}-id`} label={`Item ${i + 1} id`} value={it.id} error={errors[`item-${i}-id`]} onInput={(id) => setItem(i, { id })} />
                    <TextField id={`checklist-item-${i}-title`} label="Title" value={it.title} error={errors[`item-${i}-title`]} onInput={(title) => setItem(i, { title })} />
                    <SelectField
                      id={`checklist-item-${i}-how`}
                      label="Ticked"
                      value={manual ? "manual" : "event"}
                      options={[
                        { value: "event", label: "when an event is tracked" },
                        { value: "manual", label: "by the user, by hand" },
                      ]}
                      onChange={(v) => setItem(i, { completeOn: v === "manual" ? "manual" : { event: "" } })}
                    />
                    {!manual && (
                      <TextField
                        id={`checklist-item-${i}-event`}
                        label="Event"
                        placeholder="e.g. Report Created"
                        value={typeof it.completeOn === "object" ? it.completeOn.event : ""}
                        error={errors[`item-${i}-event`]}
                        onInput={(event) => setItem(i, { completeOn: { ...(typeof it.completeOn === "object" ? it.completeOn : {}), event } })}
                      />
                    )}
                    <TextField id={`checklist-item-${i}-href`} label="Link (optional)" placeholder="/settings/team" value={it.href ?? ""} onInput={(href) => setItem(i, { href })} />
                  </div>
                  <div class="item-actions">
                    <button type="button" class="btn small" disabled={i === 0} onClick={() => move(i, -1)} aria-label={`Move item ${i + 1} up`}>
                      ↑
                    </button>
                    <button type="button" class="btn small" disabled={i === c.items.length - 1} onClick={() => move(i, 1)} aria-label={`Move item ${i + 1} down`}>
                      ↓
                    </button>
                    <button type="button" class="link danger" disabled={c.items.length === 1} onClick={() => setC({ ...c, items: c.items.filter((_, j) => j !== i) })}>
                      Remove item {i + 1}
                    </button>
                  </div>
                </li>
              );
            })}
          </ol>
          <button
            type="button"
            class="btn"
            disabled={c.items.length >= 20}
            onClick={() => setC({ ...c, items: [...c.items, { id: `step-${c.items.length + 1}`, title: "", completeOn: { event: "" } }] })}
          >
            Add item
          </button>
        </Card>
        <div class="form-actions">
          {saveError && (
            <p class="form-error" role="alert">
              Not saved: {saveError}
            </p>
          )}
          <button type="submit" class="btn primary" disabled={saving}>
            {saving ? "Saving…" : isNew ? "Create checklist" : "Save changes"}
          </button>
        </div>
      </div>
    </form>
  );
}
