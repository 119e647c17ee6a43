/**
 * Built-ins captured once, when the SDK loads. A host page that later overrides JSON, Promise or Date
 * (polyfills, old Prototype.js, test harnesses) must not break delivery.
 */
export const { stringify, parse } = JSON;
export const P = Promise;
const D = Date;
const encoder = new TextEncoder();

export const iso = (time: number): string => new D(time).toISOString();
export const parseDate = D.parse;
/** UTF-8 size: what the collector's byte limits count. */
export const bytes = (text: string): number => encoder.encode(text).length;
