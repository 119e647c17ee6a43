/**
 * Built-ins captured once, when the SDK loads. A host page that later overrides JSON, Promise or Date
 * (polyfills, old Prototype.js, test harnesses) must not break delivery.
 */
export const { parse } = JSON;
const S = JSON.stringify;
/** JSON.stringify, except that arrays stay arrays on a page that gave Array.prototype a toJSON (Prototype.js 1.6). */
export const stringify = (value: unknown): string =>
  S(value, function (this: Record<string, unknown>, key: string, v: unknown) {
    return Array.isArray(this[key]) ? this[key] : v;
  });
export const P = Promise;
const D = Date;
const encoder = new TextEncoder();

export const iso = (time: number): string => new D(time).toISOString();
export const parseDate = D.parse;
/** UTF-8 size: what the collector's byte limits count. */
export const bytes = (text: string): number => encoder.encode(text).length;
