/** useLoad: runs an API call when its inputs change and keeps loading / data / error, dropping stale answers. */
import { useEffect, useState } from "preact/hooks";
import type { Result } from "./api.ts";

export type Load<T> =
  | { state: "loading" }
  | { state: "ok"; data: T }
  | { state: "error"; status: number; message: string };

export function useLoad<T>(fn: () => Promise<Result<T>>, deps: unknown[]): [Load<T>, () => void] {
  const [load, setLoad] = useState<Load<T>>({ state: "loading" });
  const [nonce, setNonce] = useState(0);
  useEffect(() => {
    let live = true;
    setLoad({ state: "loading" });
    fn().then((r) => {
      if (!live) return;
      setLoad(r.ok ? { state: "ok", data: r.data } : { state: "error", status: r.status, message: r.message });
    });
    return () => {
      live = false;
    };
  }, [...deps, nonce]);
  return [load, () => setNonce((n) => n + 1)];
}
