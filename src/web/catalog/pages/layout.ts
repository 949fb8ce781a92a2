// The frame every catalogue page shares: navigation, the stylesheet and a small script prelude
// (`api()` with the token header, `h()` to build elements). Everything is inline, so the app
// makes no request outside itself and works offline.

export const escapeHtml = (text: string): string =>
  text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);

/** JSON for a <script> block: `<` escaped so no value can close the element. */
export const scriptJson = (value: unknown): string => JSON.stringify(value).replace(/</g, '\\u003c').replace(/\u2028|\u2029/g, ' ');

export const contentSecurityPolicy =
  "default-src 'none'; img-src 'self' blob: data:; style-src 'unsafe-inline'; script-src 'unsafe-inline'; connect-src 'self'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'";

const css = `
:root{--ink:#1d2330;--muted:#667085;--line:#e3e6ec;--bg:#f6f7f9;--card:#fff;--accent:#2f6fde;--good:#1a7f37;--warn:#9a6700;--bad:#c0362c}
*{box-sizing:border-box}body{margin:0;font:15px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;color:var(--ink);background:var(--bg)}
header{display:flex;align-items:center;gap:24px;padding:10px 24px;background:#18202f;color:#fff}
header .brand{font-weight:700;letter-spacing:.3px}header nav a{color:#c9d3e6;text-decoration:none;margin-right:16px}
header nav a.here{color:#fff;border-bottom:2px solid #7aa7ff;padding-bottom:2px}header .count{margin-left:auto;color:#c9d3e6;font-size:13px}
main{max-width:1180px;margin:0 auto;padding:20px 24px 48px}h1{font-size:22px;margin:4px 0 16px}h2{font-size:17px;margin:20px 0 10px}
a{color:var(--accent)}.muted{color:var(--muted)}.small{font-size:13px}
.card{background:var(--card);border:1px solid var(--line);border-radius:10px;padding:12px}
.grid{display:grid;grid-template-columns:repeat(auto-fill,minmax(170px,1fr));gap:14px}
.grid .card{text-decoration:none;color:inherit;display:block}.grid .card:hover{border-color:var(--accent)}
img.pic{display:block;width:100%;aspect-ratio:1;object-fit:contain;background:#fff;border-radius:6px;border:1px solid var(--line);image-rendering:pixelated}
.name{font-weight:600;margin-top:8px;overflow-wrap:anywhere}.empty{padding:40px;text-align:center;color:var(--muted)}
input[type=text],input[type=search],input[type=date]{font:inherit;padding:7px 10px;border:1px solid #c8cdd6;border-radius:7px;background:#fff}
button{font:inherit;padding:7px 14px;border-radius:7px;border:1px solid #c8cdd6;background:#fff;cursor:pointer}button:hover{border-color:var(--accent)}
button.primary{background:var(--accent);border-color:var(--accent);color:#fff}
kbd{display:inline-block;min-width:1.6em;padding:0 5px;border:1px solid #b9c0cc;border-bottom-width:2px;border-radius:5px;background:#fff;font:600 12px/1.6 ui-monospace,monospace;text-align:center;color:var(--ink)}
.status{min-height:1.5em;margin:10px 0}.status.error{color:var(--bad)}.status.ok{color:var(--good)}
.prob{height:6px;border-radius:3px;background:#e8ebf0;overflow:hidden;margin:6px 0 2px}.prob i{display:block;height:100%;background:var(--good)}
.uncal{color:var(--muted);font-style:italic}
`;

const prelude = `
const token = document.querySelector('meta[name="reid-token"]')?.content;
async function api(path, options = {}) {
  const headers = { ...(options.headers || {}) };
  if (token) headers['x-reid-token'] = token;
  if (options.json !== undefined) { headers['content-type'] = 'application/json'; options.body = JSON.stringify(options.json); }
  const response = await fetch(path, { method: options.method || 'GET', headers, body: options.body });
  const text = await response.text();
  let data; try { data = JSON.parse(text); } catch { data = { error: text }; }
  if (!response.ok) throw new Error(data.error || response.statusText);
  return data;
}
function h(tag, attrs = {}, ...children) {
  const el = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) { if (v === undefined || v === null) continue; if (k === 'class') el.className = v; else if (k.startsWith('on')) el.addEventListener(k.slice(2), v); else el.setAttribute(k, v); }
  for (const c of children.flat()) if (c !== undefined && c !== null) el.append(c instanceof Node ? c : String(c));
  return el;
}
function say(text, kind) { const s = document.getElementById('status'); if (!s) return; s.textContent = text; s.className = 'status ' + (kind || ''); }
function percent(p) { return p === null || p === undefined ? null : (100 * p).toFixed(p > 0.995 || p < 0.005 ? 1 : 0) + '%'; }
`;

export interface PageOptions {
  title: string;
  /** Which navigation entry is highlighted. */
  here: 'catalogue' | 'review' | 'upload' | 'draw' | 'none';
  body: string;
  script?: string;
  /** The access token, when the server has one (the request carrying it got here). */
  token?: string;
  /** Sightings waiting for review, shown in the header. */
  waiting?: number;
}

export function pageHtml(options: PageOptions): string {
  const link = (href: string, key: PageOptions['here'], label: string) => `<a href="${href}"${options.here === key ? ' class="here"' : ''}>${label}</a>`;
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
${options.token ? `<meta name="reid-token" content="${escapeHtml(options.token)}">` : ''}
<title>${escapeHtml(options.title)} · reid catalogue</title><link rel="icon" href="data:,"><style>${css}</style></head>
<body><header><span class="brand">reid catalogue</span><nav>${link('/', 'catalogue', 'Catalogue')}${link('/review', 'review', 'Review')}${link('/upload', 'upload', 'Upload')}${link('/draw', 'draw', 'Draw')}<a href="/api/export.csv">Export CSV</a><a href="/api/capture-history.csv">Capture history</a></nav>
${options.waiting === undefined ? '' : `<span class="count" id="waiting">${options.waiting} waiting for review</span>`}</header>
<main>${options.body}</main>
<script>${prelude}${options.script ?? ''}</script></body></html>`;
}
