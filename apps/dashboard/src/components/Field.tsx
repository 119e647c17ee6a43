/** Labelled form fields with their error tied to the input (aria-describedby), for the editors. */
import type { ComponentChildren } from "preact";

type Base = { id: string; label: string; hint?: string; error?: string };

function Wrap({ id, label, hint, error, children }: Base & { children: ComponentChildren }) {
  return (
    <div class={`form-field ${error ? "invalid" : ""}`}>
      <label for={id}>{label}</label>
      {children}
      {hint && (
        <p id={`${id}-hint`} class="hint">
          {hint}
        </p>
      )}
      {error && (
        <p id={`${id}-error`} class="form-error">
          {error}
        </p>
      )}
    </div>
  );
}

const described = ({ id, hint, error }: Base) => [hint && `${id}-hint`, error && `${id}-error`].filter(Boolean).join(" ") || undefined;

export function TextField(p: Base & { value: string; onInput: (v: string) => void; multiline?: boolean; disabled?: boolean; placeholder?: string; required?: boolean }) {
  const common = {
    id: p.id,
    value: p.value,
    disabled: p.disabled,
    placeholder: p.placeholder,
    required: p.required,
    "aria-invalid": !!p.error,
    "aria-describedby": described(p),
  };
  return (
    <Wrap {...p}>
      {p.multiline ? (
        <textarea {...common} rows={2} onInput={(e) => p.onInput(e.currentTarget.value)} />
      ) : (
        <input {...common} type="text" onInput={(e) => p.onInput(e.currentTarget.value)} />
      )}
    </Wrap>
  );
}

export function NumberField(p: Base & { value: number | undefined; onInput: (v: number | undefined) => void; min?: number; max?: number; step?: number; placeholder?: string }) {
  return (
    <Wrap {...p}>
      <input
        id={p.id}
        type="number"
        inputMode="numeric"
        value={p.value ?? ""}
        placeholder={p.placeholder}
        min={p.min}
        max={p.max}
        step={p.step}
        aria-invalid={!!p.error}
        aria-describedby={described(p)}
        onInput={(e) => p.onInput(e.currentTarget.value === "" ? undefined : Number(e.currentTarget.value))}
      />
    </Wrap>
  );
}

export function SelectField<T extends string>(p: Base & { value: T; options: { value: T; label: string }[]; onChange: (v: T) => void }) {
  return (
    <Wrap {...p}>
      <select id={p.id} value={p.value} aria-describedby={described(p)} onChange={(e) => p.onChange(e.currentTarget.value as T)}>
        {p.options.map((o) => (
          <option value={o.value}>{o.label}</option>
        ))}
      </select>
    </Wrap>
  );
}
