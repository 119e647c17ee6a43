export * from "./limits.ts";
export * from "./message.ts";
export * from "./batch.ts";
export * from "./query.ts";
