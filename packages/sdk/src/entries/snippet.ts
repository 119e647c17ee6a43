/**
 * The loader stub vendors paste inline: window.uptake records every call (with its time) until sdk.js
 * arrives and replays them. `stub` is real code so it is type-checked and tested; `snippet()` renders
 * the HTML for the README, the demo and the dashboard's install page.
 */
type StubWindow = { uptake?: unknown[] & { [method: string]: unknown } };

// ES5 on purpose: this text runs before anything else on the vendor's page, in whatever browser it is.
export const stub = function (w: StubWindow, d: Document, k: string) {
  var u = (w.uptake = w.uptake || ([] as unknown as NonNullable<StubWindow["uptake"]>));
  // `init` is there when the stub was pasted twice or sdk.js already ran: keep what exists.
  if (u.init) return;
  u.writeKey = k;
  "init identify group track feature page consent reset showSurvey showChecklist on".split(" ").forEach(function (m) {
    u[m] = function () {
      u.push([m, arguments, Date.now()]);
    };
  });
  u.flush = function () {
    var a = arguments;
    return new Promise(function (r) {
      u.push(["flush", a, Date.now(), r]);
    });
  };
};

/** The stub as one line of JS for `writeKey`, ready for a <script> element. */
export const snippetCode = (writeKey: string): string =>
  `!${stub}(window,document,${JSON.stringify(writeKey).replace(/</g, "\\u003c")});`;

/** Both tags a vendor pastes: the stub, then the async SDK. */
export function snippet(writeKey: string, sdkUrl: string): string {
  const attr = (v: string) => v.replace(/&/g, "&amp;").replace(/"/g, "&quot;");
  return `<script>${snippetCode(writeKey)}</script>\n<script async src="${attr(sdkUrl)}" data-write-key="${attr(writeKey)}"></script>`;
}
