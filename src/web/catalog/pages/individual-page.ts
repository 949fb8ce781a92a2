// One individual: its name (renamable), and its sightings on a timeline, oldest first, with a
// form to merge it into another individual.
import type { WebIndividualDetail, WebSighting } from '../../../index.ts';
import { escapeHtml, scriptJson } from './layout.ts';

function sightingRow(s: WebSighting): string {
  const where = [s.location, s.photographer && `by ${s.photographer}`].filter(Boolean).map((x) => escapeHtml(x!)).join(' · ');
  return `<li class="sighting" data-id="${s.id}"><div class="when">${s.date ? escapeHtml(s.date) : '<span class="muted">undated</span>'}</div>
<a href="/images/${s.image}"><img class="pic" src="/thumbs/${s.image}" alt="sighting ${s.id}" loading="lazy"></a>
<div class="small muted">sighting ${s.id}${where ? ` · ${where}` : ''}</div></li>`;
}

export function individualBody(individual: WebIndividualDetail): string {
  return `<style>
.timeline{list-style:none;margin:0;padding:0 0 0 22px;border-left:3px solid #d6dbe4;display:grid;gap:16px}
.timeline li{position:relative;display:grid;grid-template-columns:110px 140px 1fr;gap:14px;align-items:center}
.timeline li::before{content:"";position:absolute;left:-30px;top:50%;width:13px;height:13px;margin-top:-7px;border-radius:50%;background:var(--accent);border:3px solid var(--bg)}
.timeline .when{font-weight:600}.timeline img.pic{width:140px}
</style>
<p class="small"><a href="/">← Catalogue</a></p>
<h1 id="name">${escapeHtml(individual.name)}</h1>
<p class="muted"><span id="count">${individual.sightings}</span> sighting${individual.sightings === 1 ? '' : 's'}${individual.firstSeen ? ` · first seen ${escapeHtml(individual.firstSeen)} · last seen ${escapeHtml(individual.lastSeen ?? '')}` : ''}</p>
<div class="card" style="display:flex;gap:10px;flex-wrap:wrap;align-items:center;margin-bottom:20px">
<label>Name <input type="text" id="rename" value="${escapeHtml(individual.name)}" maxlength="100"></label><button id="save">Rename</button>
<span style="width:24px"></span><label>Merge into individual # <input type="text" id="into" size="6" inputmode="numeric"></label><button id="merge">Merge</button></div>
<div id="status" class="status"></div>
<h2>Timeline</h2>
${individual.sightingList.length === 0 ? '<div class="empty">No sightings.</div>' : `<ol class="timeline">${individual.sightingList.map(sightingRow).join('\n')}</ol>`}`;
}

export function individualScript(individual: WebIndividualDetail): string {
  return `const id = ${scriptJson(individual.id)};
document.getElementById('save').onclick = async () => {
  try { const r = await api('/api/rename', { method: 'POST', json: { individual: id, name: document.getElementById('rename').value } });
    document.getElementById('name').textContent = r.name; say('Renamed to ' + r.name, 'ok'); } catch (e) { say(e.message, 'error'); }
};
document.getElementById('merge').onclick = async () => {
  const into = Number(document.getElementById('into').value);
  try { const r = await api('/api/merge', { method: 'POST', json: { from: id, into } }); location.href = '/individuals/' + r.into.id; } catch (e) { say(e.message, 'error'); }
};`;
}
