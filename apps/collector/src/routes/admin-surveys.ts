/** `/v1/surveys`: NPS and CSAT survey definitions, behind the secret key (contract §5, §6). */
import { ZSurveyInput } from "@uptake/schema";
import type { EventStore } from "../store/types.ts";
import { definitionRoutes } from "./admin-definitions.ts";

export function adminSurveyRoutes({ store, now }: { store: EventStore; now: () => number }) {
  return definitionRoutes({ store, now, kind: "survey", path: "/v1/surveys", schema: ZSurveyInput });
}
