/**
 * Live preview: the SDK's real survey widget, opened in the corner of this page with the texts being typed
 * (in the locale being edited), and redrawn as they change. Nothing it does is recorded.
 */
import { useEffect, useState } from "preact/hooks";
import type { Survey, WidgetSettings } from "../api.ts";
import { closePreview, previewPayload, showPreview } from "../widget-preview.ts";

const DEFAULT_SETTINGS: WidgetSettings = { theme: {}, placement: "bottom-right" };

export function SurveyPreview({ survey, locale, settings = DEFAULT_SETTINGS }: { survey: Survey; locale: string; settings?: WidgetSettings }) {
  const [open, setOpen] = useState(false);
  const [error, setError] = useState("");
  useEffect(() => {
    if (!open) return;
    // A short pause while typing, so the widget is not rebuilt on every keystroke.
    const timer = setTimeout(() => {
      showPreview(previewPayload(survey, locale, settings.placement), settings, locale).then(
        () => setError(""),
        (err: unknown) => {
          setError(err instanceof Error ? err.message : String(err));
          setOpen(false);
        },
      );
    }, 250);
    return () => clearTimeout(timer);
  }, [open, survey, locale, settings]);
  useEffect(() => () => closePreview(), []);

  return (
    <div class="preview">
      <h2>Live preview</h2>
      <p class="muted small">
        The real widget your users get, shown in the corner of this page{locale ? ` in ${locale}` : " with the default texts"}. It follows what you type;
        nothing is recorded.
      </p>
      <button
        type="button"
        class="btn wide"
        aria-pressed={open}
        onClick={() => {
          if (open) closePreview();
          setOpen(!open);
        }}
      >
        {open ? "Hide the preview" : "Show the real widget"}
      </button>
      {error && (
        <p class="form-error" role="alert">
          Preview unavailable: {error}
        </p>
      )}
    </div>
  );
}
