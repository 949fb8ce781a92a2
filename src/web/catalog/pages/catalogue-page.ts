// The catalogue: every individual as a card with its thumbnail, sighting count and first and last
// seen, and a search box (server-rendered; the search is a plain GET form).
import type { WebIndividual } from '../../../index.ts';
import { escapeHtml } from './layout.ts';

function card(individual: WebIndividual): string {
  const seen = individual.firstSeen === null ? '<span class="muted">no dates</span>'
    : individual.firstSeen === individual.lastSeen ? escapeHtml(individual.firstSeen) : `${escapeHtml(individual.firstSeen)} – ${escapeHtml(individual.lastSeen!)}`;
  const picture = individual.thumbnail ? `<img class="pic" src="/thumbs/${individual.thumbnail}" alt="" loading="lazy">` : '<div class="pic"></div>';
  return `<a class="card individual" href="/individuals/${individual.id}" data-id="${individual.id}">${picture}
<div class="name">${escapeHtml(individual.name)}</div>
<div class="small muted"><span class="sightings">${individual.sightings}</span> sighting${individual.sightings === 1 ? '' : 's'} · ${seen}</div></a>`;
}

export function catalogueBody(individuals: readonly WebIndividual[], search: string | undefined, total: number): string {
  const shown = search ? `${individuals.length} of ${total} individuals match “${escapeHtml(search)}”` : `${total} individuals`;
  return `<h1>Catalogue</h1>
<form method="get" action="/" style="display:flex;gap:8px;margin-bottom:16px">
<input type="search" name="search" id="search" placeholder="Search by name" value="${escapeHtml(search ?? '')}" style="flex:1;max-width:360px" autofocus>
<button>Search</button>${search ? '<a href="/" style="align-self:center">clear</a>' : ''}</form>
<p class="muted small" id="shown">${shown}</p>
${individuals.length === 0 ? `<div class="empty">${search ? 'No individual matches.' : 'The catalogue is empty: <a href="/upload">upload sightings</a> or <a href="/draw">draw one</a>.'}</div>` : `<div class="grid" id="individuals">${individuals.map(card).join('\n')}</div>`}`;
}
