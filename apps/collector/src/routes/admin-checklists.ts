/** `/v1/checklists`: onboarding checklist definitions, behind the secret key (contract §5, §6). */
import { ZChecklistInput } from "@uptake/schema";
import type { EventStore } from "../store/types.ts";
import { definitionRoutes } from "./admin-definitions.ts";

export function adminChecklistRoutes({ store, now }: { store: EventStore; now: () => number }) {
  return definitionRoutes({ store, now, kind: "checklist", path: "/v1/checklists", schema: ZChecklistInput });
}
