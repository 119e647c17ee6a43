/** The tiny event bus behind uptake.on(): the widgets emit, the host page listens. */
export type UptakeEvents = {
  "survey:shown": { surveyId: string; kind: string };
  "survey:answered": { surveyId: string; kind: string; score?: number; comment?: string };
  "survey:dismissed": { surveyId: string; kind: string };
  "checklist:item": { checklistId: string; itemId: string };
  "checklist:completed": { checklistId: string };
};

type Handler = (payload: never) => void;

export function createEmitter(report: (error: unknown) => void) {
  const handlers: { [event: string]: Handler[] } = {};
  return {
    on<E extends keyof UptakeEvents>(event: E, fn: (payload: UptakeEvents[E]) => void): () => void {
      (handlers[event] ||= []).push(fn);
      return () => {
        handlers[event] = handlers[event].filter((h) => h !== fn);
      };
    },
    emit<E extends keyof UptakeEvents>(event: E, payload: UptakeEvents[E]): void {
      for (const fn of handlers[event] || []) {
        // A host listener that throws must not stop the others, nor the widget that emitted.
        try {
          (fn as (p: UptakeEvents[E]) => void)(payload);
        } catch (e) {
          report(e);
        }
      }
    },
  };
}

export type Emitter = ReturnType<typeof createEmitter>;
