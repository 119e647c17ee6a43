/** The widget definitions the end-to-end tests create through the admin API, as a vendor would. */
import type { RunningCollector } from "./collector.ts";

export const NPS = {
  id: "nps-demo",
  kind: "nps",
  question: "How likely are you to recommend Ledgerly to a friend or colleague?",
  followUp: { detractor: "What should we fix first?", passive: "What would make Ledgerly a 10?", promoter: "What do you like most about Ledgerly?" },
  trigger: { event: "Feature Used", where: { feature: "export" } },
  texts: {
    "pt-BR": {
      question: "Qual a chance de você recomendar o Ledgerly a um amigo ou colega?",
      followUp: { detractor: "O que devemos corrigir primeiro?", passive: "O que faria o Ledgerly merecer um 10?", promoter: "Do que você mais gosta no Ledgerly?" },
    },
  },
};

export const CSAT = {
  id: "csat-exports",
  kind: "csat",
  question: "How satisfied are you with CSV exports?",
  display: "stars",
  trigger: { event: "Never Tracked" },
  texts: { "pt-BR": { question: "Qual a sua satisfação com a exportação para CSV?" } },
};

export const CHECKLIST = {
  id: "onboarding",
  title: "Get started with Ledgerly",
  placement: "bottom-left",
  items: [
    { id: "report", title: "Build your first report", completeOn: { event: "Feature Used", where: { feature: "reports" } } },
    { id: "export", title: "Export to CSV", completeOn: { event: "Feature Used", where: { feature: "export" } } },
    { id: "invite", title: "Invite a teammate", description: "Anyone in your company can do this one.", completeOn: { event: "Feature Used", where: { feature: "invite" } }, scope: "account" },
    { id: "guide", title: "Read the quick-start guide", completeOn: "manual", href: "/demo/settings" },
  ],
  texts: {
    "pt-BR": {
      title: "Primeiros passos no Ledgerly",
      items: {
        report: { title: "Crie seu primeiro relatório" },
        export: { title: "Exporte para CSV" },
        invite: { title: "Convide um colega", description: "Qualquer pessoa da sua empresa pode fazer este." },
        guide: { title: "Leia o guia rápido" },
      },
    },
  },
};

/** Creates the survey, the CSAT and the checklist; throws with the collector's reason if one is refused. */
export async function defineWidgets(collector: RunningCollector) {
  for (const [path, body] of [["/v1/surveys", NPS], ["/v1/surveys", CSAT], ["/v1/checklists", CHECKLIST]] as const) {
    const res = await collector.admin("POST", path, body);
    if (res.status !== 201) throw new Error(`${path}: ${res.status} ${await res.text()}`);
  }
}
