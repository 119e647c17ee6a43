/**
 * The seam between the core (sdk.js) and the lazily loaded widgets chunk (widgets.js). The chunk puts
 * `{ start }` on `window[WIDGETS_GLOBAL]`; the core reads it once the script has loaded and drives the
 * controller it returns. Answers, events and listeners cross this seam; nothing else does.
 */
import type { TChecklistPayload, TSurveyPayload, TWidgetsAnswer } from "@uptake/schema";
import type { UptakeEvents } from "../core/emitter";

export type { TChecklistPayload, TSurveyPayload, TWidgetsAnswer };

export const WIDGETS_GLOBAL = "__uptakeWidgets";

/** What the core lends the widgets. */
export type WidgetsHost = {
  /** Records an event through the core's durable queue (answers given offline are sent later). */
  track(event: string, properties: Record<string, unknown>): void;
  /** Tells `uptake.on()` listeners. */
  emit<E extends keyof UptakeEvents>(event: E, payload: UptakeEvents[E]): void;
  /** Asks `/v1/widgets` again; `survey` asks for that survey outside targeting. */
  load(params?: { survey?: string }): Promise<TWidgetsAnswer | null>;
  locale?: string;
  nonce?: string;
};

export type WidgetsController = {
  /** A fresh answer from `/v1/widgets`. */
  update(answer: TWidgetsAnswer): void;
  /**
   * An event the page tracked (or a navigation, `name` null), with the URL when it happened: a survey it
   * triggers is not shown if the page has since moved to another URL.
   */
  event(name: string | null, properties: Record<string, unknown>, url: string): void;
  showSurvey(id: string): Promise<void>;
  showChecklist(id?: string): Promise<void>;
};

export type WidgetsModule = { start(host: WidgetsHost, answer: TWidgetsAnswer | null): WidgetsController };
