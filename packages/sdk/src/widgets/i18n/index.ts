/** Picks the widgets' built-in words: English and Brazilian Portuguese, English for any other language. */
import { en, type Strings } from "./en";
import { ptBR } from "./pt-BR";

export type { Strings };

/** `pt-BR`, `pt`, `pt-PT` → Portuguese; anything else → English. */
export function strings(locale: string | undefined): Strings {
  return /^pt\b/i.test(locale || "") ? ptBR : en;
}

/** The tag for `lang` attributes, so screen readers pronounce the texts right. */
export const langOf = (locale: string | undefined) => (/^pt\b/i.test(locale || "") ? "pt-BR" : "en");
