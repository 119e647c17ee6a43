/**
 * The batch queue: events wait here (persisted when consent allows) until a 2xx says the collector has
 * them. Batches go out every few seconds or at 20 events; failures back off; unload sends what is left.
 */
import { CONSENT, type Consent } from "../core/consent";
import { bytes, iso, P, parse, stringify } from "../platform/builtins";
import type { KV } from "../storage/types";
import type { Timers } from "../types";
import { retryable, retryDelay } from "./retry";
import type { Send } from "./send";

// Plain constants rather than one object: the minifier inlines them.
export const MAX_EVENTS = 1000;
export const BATCH_EVENTS = 20;
export const FLUSH_MS = 3000;
/** Limits from contract §4; batches keep 1 KB for the envelope. */
export const BATCH_BYTES = 500 * 1024 - 1024;
export const EVENT_BYTES = 32 * 1024;
/** keepalive fetch and sendBeacon refuse bodies over 64 KB. */
export const UNLOAD_BYTES = 64 * 1024 - 1024;

/** `busy`: on its way (the in-flight set); `saved`: written to the store. */
type Item = { key: string; json: string; size: number; busy?: boolean; saved?: boolean };

export type QueueDeps = {
  url: string;
  writeKey: string;
  store: Promise<KV>;
  send: Send;
  timers: Timers;
  now: () => number;
  random: () => number;
  consent: () => Consent;
  report: (error: unknown) => void;
};

export function createQueue(d: QueueDeps) {
  let items: Item[] = [];
  /** Events lost to the bound, the size limit or a refused batch; reported with the next batch. */
  let dropped = 0;
  let attempt = 0;
  let retryAt = 0;
  let timer: unknown;
  let draining: Promise<void> | undefined;
  // Storage operations run one after another, so a delete can never overtake the write it undoes.
  let last: Promise<unknown> = P.resolve();
  const op = (fn: (store: KV) => Promise<unknown>) =>
    (last = last.then(() => d.store).then(fn).catch(d.report));
  const granted = () => d.consent() === CONSENT.granted;
  // Events tracked in one burst are written in one transaction, queued behind the operations before them.
  let unsaved: Item[] = [];
  const save = (item: Item) => {
    item.saved = true;
    if (unsaved.push(item) > 1) return;
    op((s) => {
      const list = unsaved;
      unsaved = [];
      return s.set(list.map((i) => [i.key, i.json]));
    });
  };
  // Deletes are gathered the same way: an overflowing queue drops one event per call.
  let doomed: string[] = [];
  const forget = (list: Item[]) => {
    if (!list.length || doomed.push(...list.map((i) => i.key)) > list.length) return;
    op((s) => {
      const keys = doomed;
      doomed = [];
      return s.del(keys);
    });
  };

  function bound() {
    const over = items.length - MAX_EVENTS;
    if (over > 0) {
      dropped += over;
      forget(items.splice(0, over));
    }
  }

  function wake(ms: number) {
    d.timers.clear(timer);
    timer = d.timers.set(() => {
      timer = undefined;
      // The timer is the backoff's end, even when the browser fires it a moment before Date.now() agrees.
      retryAt = 0;
      flush();
    }, ms);
  }

  function schedule() {
    if (!granted() || !items.length) return;
    if (items.length >= BATCH_EVENTS) flush();
    // Also after a flush: events pushed while it was finishing still leave within flushMs.
    if (!timer) wake(FLUSH_MS);
  }

  /** The next events not already on their way, up to `limit` bytes; marks them in flight. */
  function take(limit: number): Item[] {
    const batch: Item[] = [];
    let size = 0;
    for (const item of items) {
      if (item.busy) continue;
      if ((size += item.size + 1) > limit) break;
      item.busy = true;
      batch.push(item);
    }
    return batch;
  }

  function remove(batch: Item[], fromStore: boolean) {
    const gone = new Set(batch);
    items = items.filter((i) => !gone.has(i));
    if (fromStore) forget(batch);
  }

  /** Sends one batch; false when it should be retried later. */
  async function post(batch: Item[], keepalive: boolean): Promise<boolean> {
    // The count rides on one batch only (unload sends several at once); it comes back if that batch fails.
    const reported = dropped;
    dropped = 0;
    const body = `{"batch":[${batch.map((i) => i.json).join(",")}],"sentAt":"${iso(d.now())}","writeKey":${stringify(d.writeKey)}${reported ? `,"dropped":${reported}` : ""}}`;
    const reply = await d.send(d.url, body, keepalive);
    for (const item of batch) item.busy = false;
    const { status } = reply;
    if (reply.beacon) {
      // Delivery unknown: stop sending these from this tab, but keep them stored for the next load.
      remove(batch, false);
    } else if (status > 199 && status < 300) {
      attempt = 0;
      remove(batch, true);
    } else if (!retryable(status)) {
      d.report(`uptake: ${status}, ${batch.length} events dropped`);
      dropped += reported + batch.length;
      remove(batch, true);
    } else {
      dropped += reported;
      const delay = retryDelay(attempt++, d.random, reply.retryAfter, d.now());
      retryAt = d.now() + delay;
      wake(delay);
      return false;
    }
    return true;
  }

  const sendable = () => granted() && d.now() >= retryAt;
  async function drain() {
    // Events pushed while the last write to storage settled would otherwise miss this flush.
    do {
      while (sendable()) {
        const batch = take(BATCH_BYTES);
        if (!batch.length || !(await post(batch, false))) break;
      }
      await last;
    } while (sendable() && items.some((i) => !i.busy));
  }

  /** Sends everything now (unless backing off); settles when delivered or persisted. */
  function flush(): Promise<void> {
    if (!granted()) return P.resolve();
    // Also run from timers, where a rejection would surface in the host page's console.
    return (draining ||= drain()
      .catch(d.report)
      .finally(() => (draining = undefined)));
  }

  // Events a closed tab or an earlier page left behind. Saved state is checked, never trusted.
  op((s) =>
    s.all().then((saved) => {
      if (d.consent() === CONSENT.denied) return;
      const known = new Set(items.map((i) => i.key));
      const bad: Item[] = [];
      const old: Item[] = [];
      for (const [key, json] of saved) {
        const item: Item = { key, json: json as string, size: 0, saved: true };
        if (known.has(key)) continue;
        try {
          if (typeof parse(item.json).messageId != "string") throw 0;
          item.size = bytes(item.json);
          old.push(item);
        } catch {
          bad.push(item);
        }
      }
      forget(bad);
      items = old.concat(items);
      bound();
      schedule();
    }),
  );

  return {
    flush,

    /** Adds one serialized event, stored under its messageId (which starts with its instant). Held in memory only until consent is granted. */
    push(messageId: string, json: string) {
      const size = bytes(json);
      // One oversized event would be refused with its whole batch (413): drop it alone.
      if (size > EVENT_BYTES) return void dropped++;
      const item: Item = { key: messageId, json, size };
      items.push(item);
      bound();
      if (granted()) save(item);
      schedule();
    },

    /** Consent given: persist what was held, then send it. */
    grant() {
      items.filter((i) => !i.saved).forEach(save);
      schedule();
      return flush();
    },

    /** Consent refused: forget everything, here and on disk. */
    deny() {
      items = [];
      dropped = 0;
      d.timers.clear(timer);
      timer = undefined;
      op((s) => s.clear());
    },

    /** The page is going away: send what is queued in chunks the browser accepts during unload. */
    hide() {
      if (!granted()) return;
      for (let batch; (batch = take(UNLOAD_BYTES)).length; ) post(batch, true).catch(d.report);
    },
  };
}

export type Queue = ReturnType<typeof createQueue>;
