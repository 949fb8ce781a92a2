// The review queue: the waiting sighting beside its top-k candidates' nearest images, each with
// its calibrated probability (or "uncalibrated"). One key per answer: 1..k same as, n new,
// u not sure, m then two numbers merge, z undo. /review?k=5 shows five candidates. Driven by the JSON API.

export const reviewBody = `<style>
.review{display:grid;grid-template-columns:320px 1fr;gap:18px;align-items:start}
.query img.pic{width:100%}.query .meta{margin-top:10px}
.cands{display:grid;gap:12px}.cand{display:grid;grid-template-columns:36px 1fr 180px;gap:14px;align-items:center}
.cand .imgs{display:flex;gap:8px}.cand .imgs img.pic{width:96px}
.cand .who{font-weight:600}.cand .pct{font:600 20px/1 system-ui}
.cand.likely .pct{color:var(--good)}.cand.maybe .pct{color:var(--warn)}.cand.unlikely .pct{color:var(--muted)}
.cand.maybe .prob i{background:#d4a72c}.cand.unlikely .prob i{background:#a3abb8}.cand.merge-pick{outline:3px solid var(--warn)}
.cand details.matches{grid-column:1/-1}.cand details.matches img{display:block;max-width:100%;margin-top:6px;border-radius:6px}
.keys{display:flex;gap:18px;flex-wrap:wrap;margin:16px 0 0;padding:10px 12px;background:#eef1f6;border-radius:8px}
.actions{display:flex;gap:8px;margin-top:12px;flex-wrap:wrap}
</style>
<h1>Review <span class="muted small" id="left"></span></h1>
<div id="review"><div class="empty">Loading the queue…</div></div>
<div class="keys small"><span><kbd>1</kbd>…<kbd id="kmax">3</kbd> same as</span><span><kbd>n</kbd> new individual</span><span><kbd>u</kbd> not sure</span><span><kbd>m</kbd> merge two</span><span><kbd>z</kbd> undo</span></div>
<div id="status" class="status"></div>`;

export const reviewScript = `
let current = null, merging = null, chain = Promise.resolve();
function candidateCard(c, i, calibrated, query, photos) {
  const score = c.probability === null
    ? h('div', {}, h('div', { class: 'uncal' }, 'uncalibrated'), h('div', { class: 'small muted' }, 'distance ' + c.distance.toFixed(3)))
    : h('div', {}, h('div', { class: 'pct' }, percent(c.probability)), h('div', { class: 'prob' }, h('i', { style: 'width:' + (100 * c.probability).toFixed(1) + '%' })), h('div', { class: 'small muted' }, 'match probability · distance ' + c.distance.toFixed(3)));
  const band = c.probability === null ? 'uncalibrated' : c.probability >= 0.5 ? 'likely' : c.probability >= 0.2 ? 'maybe' : 'unlikely';
  return h('div', { class: 'card cand ' + band, 'data-individual': c.individual.id },
    h('kbd', {}, String(i + 1)),
    h('div', {}, h('div', { class: 'who' }, h('a', { href: '/individuals/' + c.individual.id }, c.individual.name), h('span', { class: 'muted small' }, '  #' + c.individual.id)),
      h('div', { class: 'imgs' }, c.images.map((hash) => h('img', { class: 'pic', src: '/thumbs/' + hash, alt: c.individual.name })))),
    score,
    photos && c.images[0] ? h('details', { class: 'matches', open: i === 0 ? '' : undefined, onclick: (e) => e.stopPropagation() }, h('summary', { class: 'small muted' }, 'local-feature matches with its nearest image'),
      h('img', { src: '/matches/' + query + '/' + c.images[0], alt: 'local-feature matches', loading: 'lazy' })) : null);
}
function render(view) {
  const root = document.getElementById('review');
  document.getElementById('left').textContent = view.total + ' waiting' + (view.calibrated ? '' : ' · uncalibrated catalogue');
  const w = document.getElementById('waiting'); if (w) w.textContent = view.total + ' waiting for review';
  current = view.entries[0] || null;
  root.replaceChildren();
  if (!current) { root.append(h('div', { class: 'empty' }, 'Nothing to review. ', h('a', { href: '/upload' }, 'Upload sightings'), '.')); return; }
  const s = current.sighting;
  document.getElementById('kmax').textContent = String(Math.max(1, current.candidates.length));
  const query = h('section', { class: 'card query' }, h('img', { class: 'pic', src: '/images/' + s.image, alt: 'sighting ' + s.id }),
    h('div', { class: 'meta' }, h('div', { class: 'who' }, 'Sighting ' + s.id), h('div', { class: 'small muted' }, [s.date || 'undated', s.location, s.photographer && 'by ' + s.photographer].filter(Boolean).join(' · '))),
    h('div', { class: 'actions' }, h('button', { onclick: () => act('n') }, h('kbd', {}, 'n'), ' new individual'), h('button', { onclick: () => act('u') }, h('kbd', {}, 'u'), ' not sure')));
  const cands = h('section', { class: 'cands' }, current.candidates.length ? current.candidates.map((c, i) => { const el = candidateCard(c, i, view.calibrated, s.image, view.photos); el.onclick = () => act(String(i + 1)); return el; }) : h('div', { class: 'empty' }, 'No candidates: the catalogue has no individuals yet.'));
  root.append(h('div', { class: 'review' }, query, cands));
}
const k = Math.min(9, Math.max(1, Number(new URLSearchParams(location.search).get('k')) || 3));
async function load() { render(await api('/api/queue?k=' + k)); }
async function run(work) {
  try { say(await work(), 'ok'); await load(); } catch (e) { say(e.message, 'error'); }
}
// Keys are answered in the order pressed, each after the last one's answer and reload, so none is lost or applied to the wrong sighting.
function act(key) { chain = chain.then(() => handle(key)); }
function handle(key) {
  if (merging) return pickMerge(key);
  if (key === 'z') return run(async () => 'Undone: ' + (await api('/api/undo', { method: 'POST', json: {} })).undone);
  if (!current) return;
  const sighting = current.sighting.id;
  if (key === 'n') return run(async () => { const r = await api('/api/decisions', { method: 'POST', json: { sighting, decision: 'new' } }); return 'Sighting ' + sighting + ' is a new individual: ' + r.individual.name; });
  if (key === 'u') return run(async () => { await api('/api/decisions', { method: 'POST', json: { sighting, decision: 'unsure' } }); return 'Sighting ' + sighting + ' marked not sure'; });
  if (key === 'm') { if (current.candidates.length < 2) return say('Merging needs two candidates on screen', 'error'); merging = []; return say('Merge: press the number of the individual to merge away, then the one to keep (Esc cancels)'); }
  const n = Number(key);
  if (Number.isInteger(n) && n >= 1 && n <= current.candidates.length) {
    const c = current.candidates[n - 1];
    return run(async () => { await api('/api/decisions', { method: 'POST', json: { sighting, decision: 'same', individual: c.individual.id } }); return 'Sighting ' + sighting + ' is ' + c.individual.name; });
  }
}
function pickMerge(key) {
  const n = Number(key), cards = document.querySelectorAll('.cand');
  if (key === 'Escape') { merging = null; cards.forEach((el) => el.classList.remove('merge-pick')); return say('Merge cancelled'); }
  if (!(Number.isInteger(n) && n >= 1 && n <= current.candidates.length) || merging.includes(n)) return;
  merging.push(n); cards[n - 1].classList.add('merge-pick');
  if (merging.length < 2) return say('Merge ' + current.candidates[n - 1].individual.name + ' into… (press its number)');
  const [from, into] = merging.map((i) => current.candidates[i - 1].individual); merging = null;
  return run(async () => { const r = await api('/api/merge', { method: 'POST', json: { from: from.id, into: into.id } }); return 'Merged ' + from.name + ' into ' + r.into.name; });
}
document.addEventListener('keydown', (e) => { if (e.ctrlKey || e.metaKey || e.altKey || e.target.matches('input,textarea')) return; act(e.key === 'Escape' ? 'Escape' : e.key.toLowerCase()); });
chain = load().catch((e) => say(e.message, 'error'));
`;
