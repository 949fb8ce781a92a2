// Uploads: a batch of images with the date, place and photographer they share, sent to
// POST /api/sightings; each lands in the review queue with its candidates.

export const uploadBody = `<h1>Upload sightings</h1>
<form id="upload" class="card" style="display:grid;gap:12px;max-width:560px">
<label>Images (PNG or JPEG, several at once)<br><input type="file" id="files" name="files" accept="image/png,image/jpeg" multiple required></label>
<label>Date<br><input type="date" id="date" name="date"></label>
<label>Location<br><input type="text" id="location" name="location" maxlength="200" placeholder="e.g. North bay, transect 3"></label>
<label>Photographer<br><input type="text" id="photographer" name="photographer" maxlength="200"></label>
<div><button class="primary" id="send">Upload</button></div></form>
<div id="status" class="status"></div><div class="grid" id="added"></div>`;

export const uploadScript = `
document.getElementById('upload').addEventListener('submit', async (event) => {
  event.preventDefault();
  const form = new FormData();
  for (const name of ['date', 'location', 'photographer']) { const v = document.getElementById(name).value.trim(); if (v) form.append(name, v); }
  const files = document.getElementById('files').files;
  for (const file of files) form.append('files', file, file.name);
  say('Uploading ' + files.length + ' image' + (files.length === 1 ? '' : 's') + '…');
  try {
    const r = await api('/api/sightings', { method: 'POST', body: form });
    say(r.sightings.length + ' sighting' + (r.sightings.length === 1 ? '' : 's') + ' added to the review queue.', 'ok');
    document.getElementById('added').replaceChildren(...r.sightings.map((s) => h('div', { class: 'card added' }, h('img', { class: 'pic', src: '/thumbs/' + s.image, alt: '' }), h('div', { class: 'small muted' }, 'sighting ' + s.id))));
    document.getElementById('status').append(' ', h('a', { href: '/review' }, 'Review them →'));
  } catch (e) { say(e.message, 'error'); }
});
`;
