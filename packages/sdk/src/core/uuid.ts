/** Random v4 ids for messageId, anonymousId and sessionId where crypto.randomUUID is missing (plain-http pages). */
export const uuidFrom = (random: () => number): string =>
  "10000000-1000-4000-8000-100000000000".replace(/[018]/g, (c) =>
    (+c ^ ((random() * 16) & (15 >> (+c / 4)))).toString(16),
  );
