import { afterEach, describe, expect, it } from "vitest";
import { mount } from "./mount";

afterEach(() => document.querySelectorAll("[data-uptake-widget]").forEach((el) => el.remove()));

describe("mount", () => {
  it("puts the widget in an open shadow root with the theme as custom properties", () => {
    const m = mount(document, "survey", { brand: "#0f766e", radius: 4, font: "Georgia, serif" });
    expect(m.host.shadowRoot).toBe(m.root);
    expect(m.host.style.getPropertyValue("--uw-brand")).toBe("#0f766e");
    expect(m.host.style.getPropertyValue("--uw-radius")).toBe("4px");
    expect(m.host.style.getPropertyValue("--uw-font")).toBe("Georgia, serif");
    m.remove();
    expect(document.querySelector("[data-uptake-widget]")).toBeNull();
  });

  it("styles the shadow root by an adopted stylesheet, or a <style> carrying the nonce", () => {
    const m = mount(document, "checklist", {}, "n0nce");
    const style = m.root.querySelector("style");
    if (style) {
      expect(style.nonce || style.getAttribute("nonce")).toBe("n0nce");
      expect(style.textContent).toContain(":host");
    } else {
      expect(m.root.adoptedStyleSheets).toHaveLength(1);
      expect([...m.root.adoptedStyleSheets[0].cssRules].map((r) => r.cssText).join("")).toContain("prefers-reduced-motion");
    }
  });

  it("keeps the page's styles out: no rule of the document applies inside", () => {
    const page = document.head.appendChild(document.createElement("style"));
    page.textContent = "* { color: red !important } h2 { display: none !important }";
    const m = mount(document, "survey", {});
    const h2 = m.root.appendChild(document.createElement("h2"));
    expect(getComputedStyle(h2).display).not.toBe("none");
    page.remove();
  });
});
