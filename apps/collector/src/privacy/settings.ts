/** A project's privacy settings, read from `project.settings.privacy` with defaults for what is missing. */
import { ZPrivacySettings, type TPrivacySettings } from "@uptake/schema";
import type { Project } from "../store/types.ts";

export function privacySettings(project: Project): TPrivacySettings {
  const parsed = ZPrivacySettings.safeParse(project.settings.privacy ?? {});
  // An unreadable saved value must not switch protections off: fall back to the defaults, not to nothing.
  return parsed.success ? parsed.data : ZPrivacySettings.parse({});
}

/** The identity secret lives beside the settings, never returned by the settings route. */
export function identitySecret(project: Project): string | null {
  const s = project.settings.identitySecret;
  return typeof s === "string" && s ? s : null;
}
