/** The app shell: the key gate, the sidebar, and the page the URL names, with the URL's filters. */
import { useMemo, useState } from "preact/hooks";
import { createApi } from "./api.ts";
import { KeyGate } from "./components/KeyGate.tsx";
import { href, readFilters } from "./filters.ts";
import { forgetKey, readKey, saveKey, type KeyStore } from "./key.ts";
import { Account } from "./pages/Account.tsx";
import { Accounts } from "./pages/Accounts.tsx";
import { ChecklistEdit } from "./pages/ChecklistEdit.tsx";
import { ChecklistFunnel } from "./pages/ChecklistFunnel.tsx";
import { Checklists } from "./pages/Checklists.tsx";
import { Features } from "./pages/Features.tsx";
import { Overview } from "./pages/Overview.tsx";
import { SurveyEdit } from "./pages/SurveyEdit.tsx";
import { SurveyResultsPage } from "./pages/SurveyResults.tsx";
import { Surveys } from "./pages/Surveys.tsx";
import type { PageProps } from "./pages/types.ts";
import { onLinkClick, useRoute, type RouteName } from "./router.ts";

const NAV: { path: string; label: string; routes: RouteName[]; icon: string }[] = [
  { path: "/", label: "Overview", routes: ["overview"], icon: "M3 13h4v8H3zM10 8h4v13h-4zM17 3h4v18h-4z" },
  { path: "/features", label: "Features", routes: ["features"], icon: "M4 4h7v7H4zM13 4h7v7h-7zM4 13h7v7H4zM13 13h7v7h-7z" },
  { path: "/accounts", label: "Accounts", routes: ["accounts", "account"], icon: "M4 21V5l8-3 8 3v16M9 21v-5h6v5M8 8h2M14 8h2M8 12h2M14 12h2" },
  { path: "/surveys", label: "Surveys", routes: ["surveys", "survey", "survey-edit", "survey-new"], icon: "M4 5h16v11H9l-5 4z" },
  { path: "/checklists", label: "Checklists", routes: ["checklists", "checklist", "checklist-edit", "checklist-new"], icon: "M4 6l2 2 3-3M4 13l2 2 3-3M12 7h8M12 14h8M4 20h16" },
];

const PAGES: Record<RouteName, (p: PageProps) => preact.JSX.Element> = {
  overview: Overview,
  features: Features,
  accounts: Accounts,
  account: Account,
  surveys: Surveys,
  survey: SurveyResultsPage,
  "survey-new": SurveyEdit,
  "survey-edit": SurveyEdit,
  checklists: Checklists,
  checklist: ChecklistFunnel,
  "checklist-new": ChecklistEdit,
  "checklist-edit": ChecklistEdit,
  "not-found": NotFound,
};

export function App({ storage, now = Date.now }: { storage: KeyStore; now?: () => number }) {
  const [key, setKey] = useState(() => readKey(storage));
  const route = useRoute();
  const signOut = () => {
    forgetKey(storage);
    setKey(null);
  };
  const api = useMemo(
    () =>
      key &&
      createApi({
        key,
        // A key revoked while the page is open sends the person back to the gate instead of a wall of errors.
        fetch: async (input, init) => {
          const res = await fetch(input, init);
          if (res.status === 401) signOut();
          return res;
        },
      }),
    [key],
  );
  const t = now();
  if (!key || !api) {
    return (
      <KeyGate
        now={t}
        onKey={(k) => {
          saveKey(storage, k);
          setKey(k);
        }}
      />
    );
  }
  const filters = readFilters(route.search, t);
  const View = PAGES[route.name];
  return (
    <div class="app" onClick={onLinkClick}>
      <a class="skip" href="#main">
        Skip to content
      </a>
      <aside class="sidebar">
        <a class="brand" href={href("/", filters)}>
          <span class="logo" aria-hidden="true">
            <span />
          </span>
          Uptake
        </a>
        <nav aria-label="Dashboard">
          {NAV.map((n) => (
            <a href={href(n.path, filters)} aria-current={n.routes.includes(route.name) ? "page" : undefined}>
              <svg viewBox="0 0 24 24" width="16" height="16" aria-hidden="true">
                <path d={n.icon} fill="none" stroke="currentColor" stroke-width="1.8" stroke-linejoin="round" stroke-linecap="round" />
              </svg>
              {n.label}
            </a>
          ))}
        </nav>
        <button type="button" class="link signout" onClick={signOut}>
          Sign out
        </button>
      </aside>
      <main id="main" tabIndex={-1}>
        <View api={api} filters={filters} route={route} now={t} />
      </main>
    </div>
  );
}

function NotFound({ filters }: PageProps) {
  return (
    <div class="state empty">
      <strong>No page here</strong>
      <p>
        <a href={href("/", filters)}>Go to the overview</a>
      </p>
    </div>
  );
}
