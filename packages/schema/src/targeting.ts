/** Shared pieces of widget definitions: ids, locales, audience, triggers, placement and theme. */
import { z } from "zod";

/** A definition or item id: short, URL-safe, stable (responses refer to it forever). */
export const ZWidgetId = z
  .string()
  .regex(/^[A-Za-z0-9][A-Za-z0-9_-]{0,63}$/, "id must be 1-64 letters, digits, _ or -, starting with a letter or digit");

/** A BCP 47 tag such as `en` or `pt-BR`. */
export const ZLocale = z.string().regex(/^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$/, "locale must look like en or pt-BR");

const ZScalar = z.union([z.string().max(500), z.number().finite(), z.boolean()]);
const ZTraitName = z.string().regex(/^[A-Za-z0-9_.$-]{1,64}$/, "trait names are letters, digits, _ . $ -");

/** A trait must equal a value, be one of a list, or satisfy a comparison. */
export const ZTraitCondition = z.union([
  ZScalar,
  z.array(ZScalar).min(1).max(100),
  z
    .object({
      in: z.array(ZScalar).min(1).max(100),
      notIn: z.array(ZScalar).min(1).max(100),
      gt: z.number(),
      gte: z.number(),
      lt: z.number(),
      lte: z.number(),
      exists: z.boolean(),
    })
    .partial()
    .strict()
    .refine((o) => Object.keys(o).length > 0, "a condition needs at least one of in, notIn, gt, gte, lt, lte, exists"),
]);

/** Who may see a widget: every trait condition must hold; `sample` keeps a stable share of the users who match. */
export const ZAudience = z
  .object({
    traits: z.record(ZTraitName, ZTraitCondition).optional(),
    accountTraits: z.record(ZTraitName, ZTraitCondition).optional(),
    sample: z.number().min(0).max(1).optional(),
  })
  .strict();

/** Property equality filter on an event (`{ feature: "export" }`). */
export const ZWhere = z.record(z.string().regex(/^[^"\\]{1,200}$/, "property names cannot hold quotes or backslashes"), ZScalar);

/** An event, optionally narrowed by its properties. */
export const ZEventMatch = z.object({ event: z.string().min(1).max(200), where: ZWhere.optional() }).strict();

/** When a survey appears; every given condition must hold. No condition: as soon as the audience rules allow. */
export const ZTrigger = z
  .object({
    event: z.string().min(1).max(200).optional(),
    where: ZWhere.optional(),
    urlContains: z.string().min(1).max(500).optional(),
    afterDays: z.number().int().min(0).max(3650).optional(),
  })
  .strict()
  .refine((t) => !t.where || t.event, { message: "where needs an event", path: ["where"] });

export const ZPlacement = z.enum(["bottom-right", "bottom-left", "center"]);

/** CSS values land in custom properties, so only plain colours, pixel radii and font lists are taken. */
export const ZTheme = z
  .object({
    brand: z.string().regex(/^#[0-9a-fA-F]{3,8}$/, "brand must be a hex colour such as #4f46e5"),
    radius: z.number().min(0).max(32),
    font: z.string().max(200).regex(/^[A-Za-z0-9 ,'"_-]+$/, "font must be a font-family list"),
  })
  .partial()
  .strict();

/** Absolute http(s) links or same-site paths: never `javascript:` or `data:`. */
export const ZHref = z.string().max(2000).regex(/^(https?:\/\/|\/(?!\/))/i, "href must start with http://, https:// or /");

export type TAudience = z.infer<typeof ZAudience>;
export type TTraitCondition = z.infer<typeof ZTraitCondition>;
export type TTrigger = z.infer<typeof ZTrigger>;
export type TEventMatch = z.infer<typeof ZEventMatch>;
export type TPlacement = z.infer<typeof ZPlacement>;
export type TTheme = z.infer<typeof ZTheme>;
