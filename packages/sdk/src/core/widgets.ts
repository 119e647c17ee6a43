/**
 * The core's side of the widgets, kept small because it ships in sdk.js: fetch `/v1/widgets` once per
 * page and identity, and load widgets.js only when something is due (a survey whose trigger just matched,
 * a checklist to show) or asked for. The answer already holds the surveys waiting on a page event, so
 * from the trigger to the survey on screen it takes the chunk's load at most, never another question.
 */
import type { TWidgetsAnswer } from "@uptake/schema";
import { matches } from "../widgets/match";
import { WIDGETS_GLOBAL, type WidgetsController, type WidgetsHost, type WidgetsModule } from "../widgets/types";
import { P } from "../platform/builtins";
import type { Env, Properties, Widgets } from "../types";

type Ids = { userId?: string | null; anonymousId: string };

export function createWidgetLoader(
  env: Env,
  base: string,
  query: Record<string, string | undefined>,
  ids: () => Ids,
  host: Omit<WidgetsHost, "load">,
  report: (error: unknown) => void,
): Widgets {
  let answer: Promise<TWidgetsAnswer | null> = P.resolve(null);
  let controller: Promise<WidgetsController> | undefined;

  const load: WidgetsHost["load"] = (params) => {
    const { userId, anonymousId } = ids();
    const q: Record<string, string> = { anonymousId, url: env.page().url };
    for (const [k, v] of Object.entries({ ...query, userId, ...params })) if (v) q[k] = v;
    return (env.getJson as NonNullable<Env["getJson"]>)(`${base}/v1/widgets?${new URLSearchParams(q)}`).then(
      // Anything but an answer (an old collector, a proxy's page) means no widgets, never an error in the page.
      (a) => ((a as TWidgetsAnswer | null)?.surveys ? (a as TWidgetsAnswer) : null),
      () => null,
    );
  };

  const chunk = () =>
    (controller ||= (env.loadScript as NonNullable<Env["loadScript"]>)(`${base}/widgets.js`, host.nonce).then(() =>
      answer.then((a) => ((globalThis as unknown as Record<string, WidgetsModule>)[WIDGETS_GLOBAL]).start({ ...host, load }, a)),
    ));

  const use = (fn: (c: WidgetsController) => unknown) => void chunk().then(fn).catch(report);

  return {
    refresh() {
      const url = env.page().url;
      answer = load();
      answer.then((a) => {
        if (a && (controller || a.checklists.some((c) => !c.dismissed && !c.completed) || a.surveys.some((s) => matches(s.trigger, null, {}, url)))) {
          use((c) => c.update(a));
        }
      });
    },
    event(name: string | null, properties: Properties) {
      const url = env.page().url;
      answer.then((a) => {
        if (a && (controller || a.surveys.some((s) => matches(s.trigger, name, properties, url)))) use((c) => c.event(name, properties, url));
      });
    },
    show(kind, id) {
      use((c) => (kind == "survey" ? c.showSurvey(id as string) : c.showChecklist(id)));
    },
  };
}
