/** Create or edit an NPS/CSAT survey: texts (per locale), targeting and frequency, with a preview beside the form. */
import { useEffect, useState } from "preact/hooks";
import type { Survey, SurveyTexts, WidgetSettings } from "../api.ts";
import { NumberField, SelectField, TextField } from "../components/Field.tsx";
import { Page } from "../components/Page.tsx";
import { Failure, Loading } from "../components/State.tsx";
import { Card } from "../components/Stat.tsx";
import { SurveyPreview } from "../components/SurveyPreview.tsx";
import { href } from "../filters.ts";
import { useLoad } from "../hooks.ts";
import { navigate } from "../router.ts";
import { blankSurvey, surveyErrors, surveyInput } from "./surveys-model.ts";
import type { PageProps } from "./types.ts";

export function SurveyEdit({ api, filters, route, now }: PageProps) {
  const isNew = route.name === "survey-new";
  const [load, retry] = useLoad(() => (isNew ? Promise.resolve({ ok: true as const, data: blankSurvey("nps") }) : api.survey(route.params.id)), [route.params.id, isNew]);
  const [settings] = useLoad(() => api.widgetSettings(), []);
  const title = isNew ? "New survey" : "Edit survey";
  return (
    <Page title={title} lead={<a href={href("/surveys", filters)}>← All surveys</a>} now={now}>
      {load.state === "loading" && <Loading what="the survey" />}
      {load.state === "error" && <Failure what="the survey" status={load.status} message={load.message} retry={retry} />}
      {load.state === "ok" && (
        <SurveyForm
          initial={load.data}
          isNew={isNew}
          settings={settings.state === "ok" ? settings.data : undefined}
          onSave={async (s) => {
            const r = await api.saveSurvey(surveyInput(s), isNew);
            if (r.ok) navigate(href(`/surveys/${encodeURIComponent(s.id)}`, filters));
            return r.ok ? "" : r.message;
          }}
        />
      )}
    </Page>
  );
}

type FormProps = { initial: Survey; isNew: boolean; settings?: WidgetSettings; onSave: (s: Survey) => Promise<string> };

export function SurveyForm({ initial, isNew, settings, onSave }: FormProps) {
  const [s, setS] = useState<Survey>(initial);
  const [touched, setTouched] = useState(false);
  const [saving, setSaving] = useState(false);
  const [saveError, setSaveError] = useState("");
  const [locale, setLocale] = useState("");
  const [newLocale, setNewLocale] = useState("");
  useEffect(() => setS(initial), [initial]);

  const errors = touched ? surveyErrors(s) : {};
  const set = (patch: Partial<Survey>) => setS({ ...s, ...patch });
  const texts = s.texts ?? {};
  const setText = (loc: string, patch: SurveyTexts) => set({ texts: { ...texts, [loc]: { ...texts[loc], ...patch } } });
  const plan = typeof s.audience.accountTraits?.plan === "string" ? s.audience.accountTraits.plan : "";
  const followUp = typeof s.followUp === "string" ? s.followUp : "";

  async function submit(e: Event) {
    e.preventDefault();
    setTouched(true);
    const errs = surveyErrors(s);
    if (Object.keys(errs).length) {
      document.getElementById(`survey-${Object.keys(errs)[0]}`)?.focus();
      return;
    }
    setSaving(true);
    setSaveError(await onSave(s));
    setSaving(false);
  }

  return (
    <form class="editor" onSubmit={submit} noValidate>
      <div class="editor-form">
        <Card title="Question">
          <div class="form-grid">
            <TextField id="survey-id" label="Id" hint="Stable: answers refer to it forever." value={s.id} disabled={!isNew} error={errors.id} onInput={(id) => set({ id })} />
            <TextField id="survey-name" label="Name (only you see it)" value={s.name ?? ""} onInput={(name) => set({ name })} />
            <SelectField
              id="survey-kind"
              label="Kind"
              value={s.kind}
              options={[
                { value: "nps", label: "NPS (0–10, would you recommend)" },
                { value: "csat", label: "CSAT (satisfaction scale)" },
              ]}
              onChange={(kind) => set({ kind, ...(kind === "csat" ? { scale: s.scale ?? 5 } : { scale: undefined, display: undefined }) })}
            />
            {s.kind === "csat" && (
              <SelectField id="survey-scale" label="Scale" value={String(s.scale ?? 5) as "5" | "7"} options={[{ value: "5", label: "1–5" }, { value: "7", label: "1–7" }]} onChange={(v) => set({ scale: v === "7" ? 7 : 5 })} />
            )}
            {s.kind === "csat" && s.scale !== 7 && (
              <SelectField
                id="survey-display"
                label="Shown as"
                value={s.display ?? "stars"}
                options={[
                  { value: "stars", label: "Stars" },
                  { value: "faces", label: "Faces" },
                  { value: "numbers", label: "Numbers" },
                ]}
                onChange={(display) => set({ display })}
              />
            )}
          </div>
          <TextField id="survey-question" label="Question" multiline value={s.question} error={errors.question} onInput={(question) => set({ question })} />
          <TextField id="survey-followUp" label="Follow-up question" hint="Asked after the score, with a comment box." value={followUp} onInput={(v) => set({ followUp: v })} />
          <div class="form-grid">
            <TextField id="survey-lowLabel" label="Low end label" placeholder={s.kind === "nps" ? "Not likely" : "Unsatisfied"} value={s.lowLabel ?? ""} onInput={(lowLabel) => set({ lowLabel })} />
            <TextField id="survey-highLabel" label="High end label" placeholder={s.kind === "nps" ? "Very likely" : "Very satisfied"} value={s.highLabel ?? ""} onInput={(highLabel) => set({ highLabel })} />
          </div>
          <TextField id="survey-thankYou" label="Thank-you message" value={s.thankYou ?? ""} onInput={(thankYou) => set({ thankYou })} />
        </Card>

        <Card title="Translations">
          <p class="muted small">The texts above are the default. Add a locale to show other words to people whose browser asks for it.</p>
          <div class="locale-bar" role="group" aria-label="Locales">
            {Object.keys(texts).map((loc) => (
              <button type="button" class="seg-btn" aria-pressed={locale === loc} onClick={() => setLocale(loc)}>
                {loc}
              </button>
            ))}
            <input aria-label="New locale (e.g. pt-BR)" placeholder="pt-BR" size={6} value={newLocale} onInput={(e) => setNewLocale(e.currentTarget.value.trim())} />
            <button
              type="button"
              class="btn"
              disabled={!newLocale || newLocale in texts}
              onClick={() => {
                setText(newLocale, {});
                setLocale(newLocale);
                setNewLocale("");
              }}
            >
              Add locale
            </button>
          </div>
          {errors.texts && <p class="form-error">{errors.texts}</p>}
          {locale && texts[locale] && (
            <div class="locale-texts">
              <TextField id={`survey-${locale}-question`} label={`Question (${locale})`} multiline value={texts[locale].question ?? ""} onInput={(question) => setText(locale, { question })} />
              <TextField
                id={`survey-${locale}-followUp`}
                label={`Follow-up (${locale})`}
                value={typeof texts[locale].followUp === "string" ? (texts[locale].followUp as string) : ""}
                onInput={(followUp) => setText(locale, { followUp })}
              />
              <TextField id={`survey-${locale}-thankYou`} label={`Thank-you (${locale})`} value={texts[locale].thankYou ?? ""} onInput={(thankYou) => setText(locale, { thankYou })} />
              <button
                type="button"
                class="link danger"
                onClick={() => {
                  const { [locale]: _gone, ...rest } = texts;
                  set({ texts: rest });
                  setLocale("");
                }}
              >
                Remove {locale}
              </button>
            </div>
          )}
        </Card>

        <Card title="Who and when">
          <div class="form-grid">
            <TextField id="survey-event" label="After the event" placeholder="e.g. Report Exported" value={s.trigger.event ?? ""} onInput={(event) => set({ trigger: { ...s.trigger, event: event || undefined } })} />
            <TextField id="survey-url" label="On pages whose URL contains" placeholder="/reports" value={s.trigger.urlContains ?? ""} onInput={(u) => set({ trigger: { ...s.trigger, urlContains: u || undefined } })} />
            <NumberField id="survey-afterDays" label="Days since first seen" placeholder="any" min={0} value={s.trigger.afterDays} error={errors.afterDays} onInput={(afterDays) => set({ trigger: { ...s.trigger, afterDays } })} />
            <TextField
              id="survey-plan"
              label="Only accounts on plan"
              placeholder="any plan"
              value={plan}
              onInput={(p) => {
                const { plan: _p, ...others } = s.audience.accountTraits ?? {};
                const accountTraits = p ? { ...others, plan: p } : others;
                set({ audience: { ...s.audience, accountTraits: Object.keys(accountTraits).length ? accountTraits : undefined } });
              }}
            />
            <NumberField
              id="survey-sample"
              label="Sample (% of eligible people)"
              placeholder="100"
              min={0}
              max={100}
              value={s.audience.sample === undefined ? undefined : Math.round(s.audience.sample * 100)}
              error={errors.sample}
              onInput={(v) => set({ audience: { ...s.audience, sample: v === undefined ? undefined : v / 100 } })}
            />
            <NumberField id="survey-recontactDays" label="Ask again after (days)" min={0} value={s.recontactDays} error={errors.recontactDays} onInput={(recontactDays) => set({ recontactDays })} />
            <NumberField id="survey-maxDisplays" label="Show at most (times per person)" placeholder="no limit" min={1} value={s.maxDisplays} error={errors.maxDisplays} onInput={(maxDisplays) => set({ maxDisplays })} />
          </div>
        </Card>
        <div class="form-actions">
          {saveError && (
            <p class="form-error" role="alert">
              Not saved: {saveError}
            </p>
          )}
          <button type="submit" class="btn primary" disabled={saving}>
            {saving ? "Saving…" : isNew ? "Create survey" : "Save changes"}
          </button>
        </div>
      </div>
      <aside class="editor-preview" aria-label="Preview">
        <SurveyPreview survey={s} locale={locale} settings={settings} />
      </aside>
    </form>
  );
}
