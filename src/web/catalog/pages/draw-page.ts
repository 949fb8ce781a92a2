// The glyph demo: draw on a canvas, see who it is (POST /api/identify, nothing written), and enrol
// a drawing as a new individual (upload it, then decide "new" with the name typed).

export const drawBody = `<style>
.draw{display:grid;grid-template-columns:auto 1fr;gap:20px;align-items:start}
canvas{background:#fff;border:1px solid var(--line);border-radius:10px;touch-action:none;cursor:crosshair}
#verdict{font-size:17px;margin-bottom:12px}#verdict.known{color:var(--good);font-weight:600}#verdict.new{color:var(--warn)}#verdict.uncalibrated{color:var(--muted)}
.found{display:grid;grid-template-columns:repeat(auto-fill,minmax(150px,1fr));gap:12px}
</style>
<h1>Draw a glyph</h1>
<div class="draw"><div><canvas id="pad" width="280" height="280"></canvas>
<div class="actions" style="display:flex;gap:8px;margin-top:10px;flex-wrap:wrap"><button class="primary" id="find">Who is it?</button><button id="clear">Clear</button></div>
<div style="display:flex;gap:8px;margin-top:10px"><input type="text" id="newname" placeholder="name, e.g. star" maxlength="100"><button id="enrol">Enrol as new</button></div></div>
<div><div id="verdict" class="muted">Draw something, then ask who it is.</div><div class="found" id="found"></div></div></div>
<div id="status" class="status"></div>`;

export const drawScript = `
const pad = document.getElementById('pad'), g = pad.getContext('2d');
function clear() { g.fillStyle = '#fff'; g.fillRect(0, 0, pad.width, pad.height); document.getElementById('found').replaceChildren(); }
clear(); g.lineCap = 'round'; g.lineJoin = 'round'; g.lineWidth = 16; g.strokeStyle = '#000';
let drawing = false;
const at = (e) => { const r = pad.getBoundingClientRect(); return [(e.clientX - r.left) * pad.width / r.width, (e.clientY - r.top) * pad.height / r.height]; };
pad.addEventListener('pointerdown', (e) => { drawing = true; pad.setPointerCapture(e.pointerId); const [x, y] = at(e); g.beginPath(); g.moveTo(x, y); g.lineTo(x + 0.1, y); g.stroke(); });
pad.addEventListener('pointermove', (e) => { if (!drawing) return; const [x, y] = at(e); g.lineTo(x, y); g.stroke(); });
pad.addEventListener('pointerup', () => { drawing = false; });
const png = () => new Promise((resolve) => pad.toBlob(resolve, 'image/png'));
document.getElementById('clear').onclick = () => { clear(); document.getElementById('verdict').textContent = 'Draw something, then ask who it is.'; };
document.getElementById('find').onclick = async () => {
  try {
    const r = await api('/api/identify', { method: 'POST', headers: { 'content-type': 'image/png' }, body: await png() });
    const best = r.candidates[0];
    document.getElementById('verdict').textContent = !best ? 'The catalogue is empty: enrol this drawing.'
      : r.verdict === 'known' ? 'Found: ' + best.individual.name + ' (' + percent(best.probability) + ')'
      : r.verdict === 'new' ? 'Looks new: closest is ' + best.individual.name + (best.probability === null ? '' : ' (' + percent(best.probability) + ')')
      : 'Uncalibrated: closest is ' + best.individual.name;
    document.getElementById('verdict').className = r.verdict;
    document.getElementById('found').replaceChildren(...r.candidates.map((c) => h('a', { class: 'card', href: '/individuals/' + c.individual.id },
      h('img', { class: 'pic', src: '/thumbs/' + c.images[0], alt: '' }), h('div', { class: 'name' }, c.individual.name),
      h('div', { class: 'small muted' }, c.probability === null ? 'distance ' + c.distance.toFixed(3) : percent(c.probability)))));
  } catch (e) { say(e.message, 'error'); }
};
document.getElementById('enrol').onclick = async () => {
  const name = document.getElementById('newname').value.trim();
  try {
    const form = new FormData(); form.append('files', await png(), 'drawing.png');
    const [s] = (await api('/api/sightings', { method: 'POST', body: form })).sightings;
    const r = await api('/api/decisions', { method: 'POST', json: { sighting: s.id, decision: 'new', ...(name ? { name } : {}) } });
    say('Enrolled ' + r.individual.name + ' (#' + r.individual.id + ')', 'ok');
  } catch (e) { say(e.message, 'error'); }
};
`;
