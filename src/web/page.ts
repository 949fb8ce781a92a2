// The web page: drop or choose images, see the verdict and ranked candidates. Self-contained
// (inline CSS and script, no external requests) so it works on an offline field laptop. Where the
// model allows, the page loads the model (ONNX, run by onnxruntime-web) and the gallery's compact
// form once and identifies in the browser, with no upload; otherwise it asks the server.
export function pageHtml(title: string): string {
  return `<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${title}</title>
<style>
body{font-family:"DejaVu Sans",sans-serif;max-width:900px;margin:2rem auto;padding:0 1rem;color:#222}
#drop{border:2px dashed #888;border-radius:8px;padding:2rem;text-align:center;cursor:pointer}
#drop.over{background:#eef}
.result{display:flex;gap:1rem;align-items:flex-start;border-bottom:1px solid #ddd;padding:1rem 0}
.result img{width:112px;height:112px;object-fit:contain;image-rendering:pixelated;background:#000}
.known{color:#1a7f37;font-weight:bold}.new{color:#b35900;font-weight:bold}.uncalibrated{color:#555;font-weight:bold}.error{color:#c00}
table{border-collapse:collapse}td,th{padding:.2rem .6rem;text-align:left;border-bottom:1px solid #eee}
</style></head><body>
<h1>${title}</h1>
<p id="info">Loading gallery…</p>
<p><label><input id="local" type="checkbox" disabled> identify in this browser (images are not uploaded)</label> <span id="local-status"></span></p>
<div id="drop">Drop images here, or click to choose files</div>
<input id="files" type="file" accept="image/png,image/jpeg,image/webp" multiple hidden>
<div id="results"></div>
<script>
const info = document.getElementById('info'), drop = document.getElementById('drop'), input = document.getElementById('files'), results = document.getElementById('results');
const localBox = document.getElementById('local'), localStatus = document.getElementById('local-status');
let local = null;
fetch('/api/gallery').then(r => r.json()).then(g => {
  info.textContent = g.items + ' images of ' + g.identities.length + ' individuals; ' + (g.calibration ? (g.calibration.probabilityThreshold !== undefined ? 'known when P(same) ≥ ' + g.calibration.probabilityThreshold.toFixed(3) : 'new-individual threshold ' + g.calibration.threshold.toFixed(3) + ' (' + g.calibration.target + ')') : 'threshold not calibrated');
  if (!g.local || !g.local.available) { localStatus.textContent = 'on the server: ' + (g.local ? g.local.reason : 'not offered'); return; }
  localStatus.textContent = 'loading the model and gallery…';
  import('/app/identify.mjs').then(m => m.loadLocalIdentifier(g)).then(l => {
    local = l; localBox.disabled = false; localBox.checked = true;
    localStatus.textContent = 'ready: model and ' + l.gallery.size + ' embeddings loaded';
  }).catch(e => { localStatus.textContent = 'on the server: ' + e.message; });
});
async function answer(file) {
  if (local && localBox.checked) return { ok: true, where: 'browser', r: await local.identify(file) };
  const response = await fetch('/api/identify', { method: 'POST', headers: { 'content-type': file.type || 'application/octet-stream' }, body: file });
  return { ok: response.ok, where: 'server', r: await response.json() };
}
function cell(text) { const td = document.createElement('td'); td.textContent = text; return td; }
async function identify(file) {
  const row = document.createElement('div'); row.className = 'result';
  const img = document.createElement('img'); img.src = URL.createObjectURL(file); img.alt = file.name;
  const body = document.createElement('div'); body.textContent = file.name + ': identifying…';
  row.append(img, body); results.prepend(row);
  let ok, where, r;
  try { ({ ok, where, r } = await answer(file)); } catch (e) { ok = false; where = 'browser'; r = { error: e.message }; }
  body.textContent = '';
  row.dataset.where = where;
  row.dataset.answer = JSON.stringify(r);
  const head = document.createElement('p');
  if (!ok) { head.className = 'error'; head.textContent = file.name + ': ' + r.error; body.append(head); return; }
  // An uncalibrated gallery decides nothing: grey, and says so, never a green "known".
  head.className = r.verdict;
  head.textContent = file.name + ': ' + (r.verdict === 'new' ? 'new individual'
    : r.verdict === 'uncalibrated' ? 'uncalibrated: closest is ' + r.identity + ' (run reid calibrate to decide)'
      : r.identity + (r.probability === undefined ? '' : ' (probability ' + r.probability.toFixed(3) + ')'));
  const table = document.createElement('table');
  const header = document.createElement('tr'); ['rank', 'identity', 'distance', 'probability', 'nearest image'].forEach(h => { const th = document.createElement('th'); th.textContent = h; header.append(th); });
  table.append(header);
  r.candidates.forEach((c, i) => { const tr = document.createElement('tr'); tr.append(cell(i + 1), cell(c.identity), cell(c.distance.toFixed(4)), cell(c.probability === undefined ? '–' : c.probability.toFixed(3)), cell(c.source)); table.append(tr); });
  body.append(head, table);
}
drop.onclick = () => input.click();
input.onchange = () => [...input.files].forEach(identify);
drop.ondragover = e => { e.preventDefault(); drop.classList.add('over'); };
drop.ondragleave = () => drop.classList.remove('over');
drop.ondrop = e => { e.preventDefault(); drop.classList.remove('over'); [...e.dataTransfer.files].forEach(identify); };
</script></body></html>`;
}
