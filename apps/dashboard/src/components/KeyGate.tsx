/** Asks for the project's secret key once, checks it against the query API, and keeps it in the browser. */
import { useState } from "preact/hooks";
import { createApi } from "../api.ts";
import { isoDay } from "../filters.ts";

export function KeyGate({ onKey, now }: { onKey: (key: string) => void; now: number }) {
  const [key, setKey] = useState("");
  const [error, setError] = useState("");
  const [busy, setBusy] = useState(false);

  async function submit(e: Event) {
    e.preventDefault();
    const k = key.trim();
    if (!k) return setError("Enter the secret key.");
    setBusy(true);
    setError("");
    const today = isoDay(now);
    const r = await createApi({ key: k }).activeUsers({ from: today, to: today, interval: "day" });
    setBusy(false);
    if (r.ok) onKey(k);
    else setError(r.status === 401 ? "That key was refused: use the project's secret key (sk_…), not the write key." : r.message);
  }

  return (
    <main id="main" class="gate">
      <form class="gate-card" onSubmit={submit} aria-labelledby="gate-title">
        <div class="logo" aria-hidden="true">
          <span />
        </div>
        <h1 id="gate-title">Sign in to Uptake</h1>
        <p class="muted">
          Paste your project's secret key. It is printed when the collector starts and kept in its data folder. This browser keeps it until you sign out.
        </p>
        <label class="field block" for="secret-key">
          <span>Secret key</span>
        </label>
        <input
          id="secret-key"
          name="secret-key"
          type="password"
          autocomplete="current-password"
          placeholder="sk_…"
          value={key}
          onInput={(e) => setKey(e.currentTarget.value)}
          aria-invalid={!!error}
          aria-describedby={error ? "gate-error" : undefined}
        />
        {error && (
          <p id="gate-error" class="form-error" role="alert">
            {error}
          </p>
        )}
        <button class="btn primary wide" type="submit" disabled={busy}>
          {busy ? "Checking…" : "Open dashboard"}
        </button>
      </form>
    </main>
  );
}
