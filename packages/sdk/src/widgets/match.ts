/** Does an event (and the page's URL) fire a trigger or tick a checklist item? Plain equality on properties. */
type Trigger = { event?: string; where?: Record<string, string | number | boolean>; urlContains?: string };

export function matches(t: Trigger, name: string | null, properties: Record<string, unknown>, url: string): boolean {
  if (t.urlContains && !url.includes(t.urlContains)) return false;
  if (!t.event) return true;
  if (t.event !== name) return false;
  return Object.entries(t.where || {}).every(([k, v]) => properties[k] === v);
}
