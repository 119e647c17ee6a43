/**
 * The widgets' one stylesheet, scoped by the shadow root. `:host` resets with !important because in the
 * cascade an important declaration inside a shadow tree beats the page's, even `* { all: unset !important }`.
 */
export const CSS = `
:host{all:initial!important;display:block!important;position:static!important;visibility:visible!important;opacity:1!important}
.uw{--b:var(--uw-brand,#4f46e5);--r:var(--uw-radius,12px);font-family:var(--uw-font,system-ui,-apple-system,"Segoe UI",Roboto,Helvetica,Arial,sans-serif);font-size:15px;line-height:1.45;color:#1f2937;position:fixed;z-index:2147483000;box-sizing:border-box;max-width:calc(100vw - 32px)}
.uw *,.uw *::before,.uw *::after{box-sizing:inherit}
.bottom-right{right:20px;bottom:20px}.bottom-left{left:20px;bottom:20px}
.center{inset:0;max-width:none;display:flex;align-items:center;justify-content:center;background:rgba(17,24,39,.45)}
.card{position:relative;width:400px;max-width:calc(100vw - 32px);background:#fff;border:1px solid #e5e7eb;border-radius:var(--r);box-shadow:0 12px 32px rgba(17,24,39,.18);padding:20px}
h2{font-size:16px;font-weight:600;margin:0 28px 14px 0;line-height:1.4}
p{margin:0 0 12px}
button,textarea,a{font:inherit;color:inherit}
button{cursor:pointer;border:0;background:none;padding:0}
:focus-visible{outline:3px solid var(--b);outline-offset:2px}
.x{position:absolute;top:12px;right:12px;width:28px;height:28px;border-radius:6px;color:#4b5563;display:flex;align-items:center;justify-content:center}
.x:hover{background:#f3f4f6}
.scale{display:flex;gap:4px}
.pt{flex:1 1 0;min-width:0;height:38px;border:1px solid #d1d5db;border-radius:calc(var(--r)/2);background:#fff;font-weight:600;font-size:14px}
.pt:hover,.pt[aria-checked=true]{background:var(--b);border-color:var(--b);color:#fff}
.icon{height:44px;border:0;color:#6b7280;display:flex;align-items:center;justify-content:center}
.icon:hover,.icon[aria-checked=true],.icon.lit{color:var(--b);background:none}
.icon svg{width:34px;height:34px}
.ends{display:flex;justify-content:space-between;font-size:12.5px;color:#4b5563;margin-top:6px;gap:12px}
.row{display:flex;justify-content:flex-end;align-items:center;gap:8px;margin-top:14px}
.btn{background:var(--b);color:#fff;border-radius:calc(var(--r)/2);padding:8px 14px;font-weight:600}
.ghost{color:#374151;padding:8px 10px;border-radius:calc(var(--r)/2)}
.ghost:hover{background:#f3f4f6}
textarea{display:block;width:100%;min-height:76px;resize:vertical;border:1px solid #9ca3af;border-radius:calc(var(--r)/2);padding:8px 10px;background:#fff}
.thanks{display:flex;align-items:center;gap:10px;font-weight:600;margin-right:28px}
.thanks svg{color:var(--b);flex:none;width:24px;height:24px}
.launcher{display:flex;align-items:center;gap:10px;background:var(--b);color:#fff;border-radius:999px;padding:10px 16px 10px 12px;font-weight:600;box-shadow:0 8px 24px rgba(17,24,39,.22)}
.launcher .ring{width:24px;height:24px}
.bottom-left .launcher{margin-right:auto}
.panel{margin-bottom:12px}
.bar{height:6px;border-radius:3px;background:#e5e7eb;overflow:hidden;margin:0 0 12px}
.bar span{display:block;height:100%;background:var(--b);transition:width .4s ease}
ul{list-style:none;margin:0;padding:0}
li{display:flex;gap:10px;align-items:flex-start;padding:9px 0;border-top:1px solid #f3f4f6}
.tick{flex:none;width:22px;height:22px;border-radius:50%;border:2px solid #9ca3af;display:flex;align-items:center;justify-content:center;color:#fff;margin-top:1px}
.tick.on{background:var(--b);border-color:var(--b)}
.tick svg{width:14px;height:14px}
.it{flex:1;min-width:0}
.it a{color:var(--b);font-weight:600;text-decoration:underline}
.it .t{font-weight:600}
li.on .t,li.on a{color:#4b5563;text-decoration:line-through}
.d{font-size:13px;color:#4b5563;margin-top:2px}
.mark{font-size:13px;color:var(--b);font-weight:600;padding:2px 4px;border-radius:4px;text-decoration:underline}
.muted{color:#4b5563;font-size:13px}
.stack{display:flex;flex-direction:column;align-items:flex-end}
.bottom-left .stack{align-items:flex-start}
.party{text-align:center;padding:8px 0 4px}
.party svg{width:48px;height:48px;color:var(--b);animation:pop .6s cubic-bezier(.2,1.6,.4,1) both}
@keyframes pop{from{transform:scale(.2);opacity:0}to{transform:scale(1);opacity:1}}
.pop{animation:rise .25s ease-out both}
@keyframes rise{from{transform:translateY(12px);opacity:0}to{transform:none;opacity:1}}
@media (prefers-reduced-motion:reduce){.pop,.party svg{animation:none}.bar span{transition:none}}
.sr{position:absolute;width:1px;height:1px;overflow:hidden;clip:rect(0 0 0 0);white-space:nowrap}
`;
