/** Crawlers, link previewers and uptime monitors: their page views are not people using the product. */
const BOT = /bot\b|bot\/|crawl|spider|slurp|facebookexternalhit|embedly|bingpreview|linkpreview|lighthouse|pagespeed|pingdom|uptimerobot|statuscake|headlesschrome\/.*\bpuppeteer/i;

export function isBot(userAgent: unknown): boolean {
  return typeof userAgent === "string" && BOT.test(userAgent);
}
