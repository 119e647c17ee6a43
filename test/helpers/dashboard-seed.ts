/** A real collector seeded by the demo-data generator, with the demo's surveys and checklist defined through the admin API. */
import { loadDemoData } from "@uptake/collector/demo-data/load.ts";
import { startCollector, type RunningCollector } from "./collector.ts";

/**
 * The definitions the generated answers refer to (survey_id / checklist_id in the demo events). The surveys
 * wait for their events, so the demo page opens only the survey a test asks for.
 */
export const DEMO_DEFINITIONS = {
  surveys: [
    { id: "nps-q", kind: "nps", name: "Quarterly NPS", question: "How likely are you to recommend Ledgerly to a colleague?", followUp: "What is the main reason for your score?", trigger: { event: "Report Exported" } },
    { id: "csat-support", kind: "csat", name: "Support CSAT", question: "How satisfied are you with our support?", scale: 5, trigger: { event: "Support Ticket Closed" } },
  ],
  checklists: [
    {
      id: "onboarding",
      title: "Get started with Ledgerly",
      items: [
        { id: "connect-data", title: "Connect your data", completeOn: { event: "Data Connected" } },
        { id: "invite-team", title: "Invite your team", completeOn: { event: "Teammate Invited" } },
        { id: "first-report", title: "Build your first report", completeOn: { event: "Report Created" } },
        { id: "share-dashboard", title: "Share a dashboard", completeOn: { event: "Dashboard Shared" } },
      ],
    },
  ],
} as const;

export async function startSeededCollector({ events, seed = 7 }: { events: number; seed?: number }): Promise<RunningCollector> {
  const collector = await startCollector();
  await loadDemoData(collector.store, { projectId: "default", events, seed });
  for (const [path, defs] of [["/v1/surveys", DEMO_DEFINITIONS.surveys], ["/v1/checklists", DEMO_DEFINITIONS.checklists]] as const) {
    for (const def of defs) {
      const res = await collector.admin("POST", path, def);
      if (!res.ok) throw new Error(`${path} ${def.id}: ${res.status} ${await res.text()}`);
    }
  }
  return collector;
}
