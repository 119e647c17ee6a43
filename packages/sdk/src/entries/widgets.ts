/**
 * The widgets chunk (dist/widgets.js): Preact and the three widgets, loaded by sdk.js only when a widget
 * is due or asked for. It hands its `start` to the core under a private global name.
 */
import { start } from "../widgets/controller";
import { WIDGETS_GLOBAL, type WidgetsModule } from "../widgets/types";

const module: WidgetsModule = { start: (host, answer) => start(host, answer) };
(window as unknown as Record<string, WidgetsModule>)[WIDGETS_GLOBAL] = module;
