export * from "./limits.ts";
export * from "./message.ts";
export * from "./batch.ts";
export * from "./query.ts";
export * from "./targeting.ts";
export * from "./survey.ts";
export * from "./checklist.ts";
export * from "./widgets.ts";
