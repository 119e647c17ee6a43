/** Loading, empty, missing-route and error states, so no view ever shows a blank box or swallows a failure. */
import type { ComponentChildren } from "preact";
import type { Load } from "../hooks.ts";

export function Loading({ what }: { what: string }) {
  return (
    <div class="state" role="status" aria-live="polite">
      <span class="spinner" aria-hidden="true" />
      Loading {what}…
    </div>
  );
}

export function Empty({ title, children }: { title: string; children?: ComponentChildren }) {
  return (
    <div class="state empty">
      <strong>{title}</strong>
      {children && <p>{children}</p>}
    </div>
  );
}

/** A 404 means the collector has no such route yet: said plainly, not as a failure of the user's. */
export function Failure({ what, status, message, retry }: { what: string; status: number; message: string; retry?: () => void }) {
  if (status === 404) {
    return (
      <div class="state missing" role="note">
        <strong>
          {what.charAt(0).toUpperCase() + what.slice(1)}: not available yet
        </strong>
        <p>This collector does not answer this question yet (HTTP 404). Update the collector to see it here.</p>
      </div>
    );
  }
  return (
    <div class="state error" role="alert">
      <strong>Could not load {what}</strong>
      <p>{message}</p>
      {retry && (
        <button type="button" class="btn" onClick={retry}>
          Try again
        </button>
      )}
    </div>
  );
}

/** Renders `children(data)` once loaded, the right state otherwise; `isEmpty` turns an empty answer into a hint. */
export function Async<T>(props: {
  load: Load<T>;
  what: string;
  retry?: () => void;
  isEmpty?: (data: T) => boolean;
  empty?: ComponentChildren;
  children: (data: T) => ComponentChildren;
}) {
  const { load, what } = props;
  if (load.state === "loading") return <Loading what={what} />;
  if (load.state === "error") return <Failure what={what} status={load.status} message={load.message} retry={props.retry} />;
  if (props.isEmpty?.(load.data)) return <Empty title={`No ${what} in this range`}>{props.empty}</Empty>;
  return <>{props.children(load.data)}</>;
}
