/** What every page receives from the app shell. */
import type { Api, Filters } from "../api.ts";
import type { Route } from "../router.ts";

export type PageProps = { api: Api; filters: Filters; route: Route; now: number };
