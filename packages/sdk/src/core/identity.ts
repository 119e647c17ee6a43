/**
 * Who is sending: the anonymous id, the user, the account and the session (30 minutes idle ends it),
 * kept in localStorage across reloads and shared by the tabs of the site.
 */
import { parse, stringify } from "../platform/builtins";
import type { SyncKV } from "../types";

export const SESSION_IDLE_MS = 30 * 60 * 1000;
const KEY = "uptake_id";

export type IdentityState = {
  anonymousId: string;
  userId?: string;
  groupId?: string;
  sessionId: string;
  /** Time of the last event, which keeps the session alive. */
  lastSeen: number;
  /** The user already announced with `Signed In` in this session. */
  signedIn?: string;
};

const str = (v: unknown) => (typeof v == "string" ? v : undefined);

/** Saved state is read back field by field: another script may have written anything under our key. */
function read(raw: string | null): IdentityState | undefined {
  try {
    const v = parse(raw!);
    if (typeof v.anonymousId == "string" && typeof v.sessionId == "string" && typeof v.lastSeen == "number") {
      return {
        anonymousId: v.anonymousId,
        sessionId: v.sessionId,
        lastSeen: v.lastSeen,
        userId: str(v.userId),
        groupId: str(v.groupId),
        signedIn: str(v.signedIn),
      };
    }
  } catch {
    // unreadable: start afresh
  }
}

/** `canSave` is false until consent is granted: no identifier is written to disk before that. */
export function createIdentity(local: SyncKV, uuid: () => string, canSave: () => boolean) {
  const fresh = (): IdentityState => ({ anonymousId: uuid(), sessionId: uuid(), lastSeen: 0 });
  let s = read(local.get(KEY)) || fresh();
  const save = () => {
    if (canSave()) local.set(KEY, stringify(s));
  };

  /** Marks activity at `at`; starts a new session after 30 minutes idle. Returns the session id. */
  function touch(at: number): string {
    // localStorage is synchronous and was most of a track() call's cost on the host page: within the same
    // second the session cannot have gone idle, so skip the read and the write.
    if (at >= s.lastSeen && at - s.lastSeen < 1000) return s.sessionId;
    // Another tab may have moved the session on, signed in or reset since we last looked.
    if (canSave()) s = read(local.get(KEY)) || s;
    if (at - s.lastSeen > SESSION_IDLE_MS) {
      s.sessionId = uuid();
      s.signedIn = undefined;
    }
    s.lastSeen = Math.max(s.lastSeen, at);
    save();
    return s.sessionId;
  }

  return {
    get: () => s,
    save,
    touch,

    /** Sets the user; true when `Signed In` is due (first time for this user in this session). */
    identify(userId: string, at: number): boolean {
      touch(at);
      const due = s.signedIn !== userId;
      s.userId = s.signedIn = userId;
      save();
      return due;
    },

    group(groupId: string) {
      s.groupId = groupId;
      save();
    },

    /** Consent denied: take our identifiers off the disk (the memory copy lives until the page goes). */
    forget: () => local.set(KEY, ""),

    /** Logout: a new person as far as we can tell, in a new session. */
    reset(at: number) {
      s = fresh();
      s.lastSeen = at;
      save();
    },
  };
}

export type Identity = ReturnType<typeof createIdentity>;
