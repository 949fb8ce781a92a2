// The page's in-browser identification, as the JavaScript module the server sends (/app/identify.mjs):
// onnxruntime-web (WASM, served by this app) runs the model's ONNX export, and the gallery's compact
// form (src/gallery/compact-gallery.ts) is searched the way Gallery.identify searches it with
// centroid scoring (spread-ranked when the calibration says so): the verdict from the best identity's
// calibrated probability and the probability threshold, or its centroid distance and the distance threshold,
// each candidate's probability from the calibration's map, its nearest image among the 256 nearest
// items. Drawings for glyph models go through reid's own glyph normalisation (/app/glyph.mjs).
// The image never leaves the browser. Exact for images the server does not resize (a drawing up to
// 512 px, a photo at the model's size); larger ones are resized by the canvas, not libvips.
export const browserIdentifyModule = String.raw`
import * as ort from '/app/ort/ort.wasm.min.mjs';

ort.env.wasm.wasmPaths = '/app/ort/';
// One thread: several need cross-origin isolation (SharedArrayBuffer), and one image is small.
ort.env.wasm.numThreads = 1;

function halfToFloat(h) {
  const sign = h & 0x8000 ? -1 : 1, exponent = (h >> 10) & 0x1f, fraction = h & 0x3ff;
  if (exponent === 0) return sign * fraction * 2 ** -24;
  if (exponent === 31) return fraction ? NaN : sign * Infinity;
  return sign * (1 + fraction / 1024) * 2 ** (exponent - 15);
}

export function decodeGallery(buffer) {
  const magic = new TextDecoder().decode(new Uint8Array(buffer, 0, 8));
  if (magic !== 'REIDGAL1') throw new Error('gallery.bin: expected a reid compact gallery but the file starts with ' + JSON.stringify(magic));
  const headerLength = new DataView(buffer).getUint32(8, true);
  const header = JSON.parse(new TextDecoder().decode(new Uint8Array(buffer, 12, headerLength)));
  const { dim, items, identities, offsets } = header;
  const halves = new Uint16Array(buffer, offsets.items, items * dim);
  const vectors = Float32Array.from(halves, halfToFloat);
  return { header, dim, size: items, identities, centroids: new Float32Array(buffer, offsets.centroids, identities.length * dim), vectors, itemIdentity: new Uint32Array(buffer, offsets.itemIdentities, items) };
}

const sigmoid = (z) => (z >= 0 ? 1 / (1 + Math.exp(-z)) : Math.exp(z) / (1 + Math.exp(z)));
export function matchProbability(c, d, shots, rival) {
  if (c.kind === 'logistic') return sigmoid(c.intercept + c.slope * d);
  if (c.kind === 'shot-logistic') {
    const m = Math.log(Math.min(Math.max(1, shots), c.maxShots));
    const margin = c.margin === undefined ? 0 : c.margin * Math.max(0, Math.min(c.marginCap, rival) - d);
    return sigmoid(c.intercept + c.slope * d + c.logShots * m + c.slopeLogShots * d * m + margin);
  }
  let lo = 0, hi = c.distances.length - 1;
  while (lo < hi) { const mid = (lo + hi + 1) >> 1; if (c.distances[mid] <= d) lo = mid; else hi = mid - 1; }
  return c.probabilities[lo];
}

function distances(q, matrix, rows, dim) {
  let qq = 0;
  for (let d = 0; d < dim; d++) qq += q[d] * q[d];
  const out = new Float64Array(rows);
  for (let r = 0; r < rows; r++) {
    let dot = 0, gg = 0;
    const o = r * dim;
    for (let d = 0; d < dim; d++) { const g = matrix[o + d]; dot += q[d] * g; gg += g * g; }
    out[r] = Math.sqrt(Math.max(0, qq + gg - 2 * dot));
  }
  return out;
}

/** Gallery.identify with its default scoring, on one embedding; the JSON shape of /api/identify. */
export function identifyEmbedding(g, q, top = 5) {
  const calibration = g.header.calibration;
  if (g.size === 0) return { verdict: 'new', identity: null, distance: null, calibrated: calibration !== null, candidates: [] };
  const toCentroid = distances(q, g.centroids, g.identities.length, g.dim);
  const toItem = distances(q, g.vectors, g.size, g.dim);
  const k = Math.min(g.size, Math.max(256, top * 3 * 16));
  const order = Array.from(toItem.keys()).sort((a, b) => toItem[a] - toItem[b] || a - b).slice(0, k);
  const nearest = new Map();
  for (const i of order) if (!nearest.has(g.itemIdentity[i])) nearest.set(g.itemIdentity[i], g.header.sources[i]);
  const probability = calibration && calibration.probability;
  // A shot-aware map reads each identity's enrolled image count.
  const shots = new Uint32Array(g.identities.length);
  for (let i = 0; i < g.size; i++) shots[g.itemIdentity[i]]++;
  // Under a calibration's spread ranking, identities rank in units of their own spread; the
  // distances the threshold and map read stay centroid distances.
  const spreads = g.header.spreads;
  const rank = (c) => (spreads ? Math.sqrt((toCentroid[c] * toCentroid[c]) / spreads[c]) : toCentroid[c]);
  const ranked = g.identities.map((identity, c) => ({ identity, distance: toCentroid[c], key: rank(c), c }))
    .sort((a, b) => a.key - b.key).slice(0, Math.max(2, top));
  // Each candidate's nearest rival: the runner-up for the best, the best for the others.
  const rival = (i) => (i === 0 ? (ranked[1] ? ranked[1].distance : Infinity) : ranked[0].distance);
  const candidates = ranked.slice(0, top)
    .map(({ identity, distance, c }, i) => ({ identity, distance, ...(probability ? { probability: matchProbability(probability, distance, shots[c], rival(i)) } : {}), source: nearest.get(c) }));
  const best = candidates[0];
  // As src/gallery/open-set-verdict.ts: the probability threshold when the calibration has one, else the distance threshold.
  const known = calibration && calibration.probabilityThreshold !== undefined && best.probability !== undefined
    ? best.probability >= calibration.probabilityThreshold
    : calibration !== null && best.distance <= calibration.threshold;
  const verdict = !calibration ? 'uncalibrated' : known ? 'known' : 'new';
  return { verdict, identity: best.identity, distance: best.distance, ...(probability ? { probability: best.probability } : {}), calibrated: calibration !== null, candidates };
}

/** The model's input from an image file, as preprocessImage makes it on the server. */
async function pixelsOf(file, p) {
  return p.glyph && p.channels === 1 && p.height === 28 && p.width === 28 ? glyphPixels(file) : photoPixels(file, p);
}

/** A drawing in MNIST's form: upright, shrunk inside 512 px (never enlarged), then reid's glyph normalisation. */
async function glyphPixels(file) {
  const { normaliseGlyph } = await import('/app/glyph.mjs');
  const bitmap = await createImageBitmap(file, { imageOrientation: 'from-image' });
  const scale = Math.min(1, 512 / Math.max(bitmap.width, bitmap.height));
  const width = Math.max(1, Math.round(bitmap.width * scale)), height = Math.max(1, Math.round(bitmap.height * scale));
  const context = new OffscreenCanvas(width, height).getContext('2d', { willReadFrequently: true });
  context.imageSmoothingQuality = 'high';
  context.drawImage(bitmap, 0, 0, width, height);
  bitmap.close();
  return normaliseGlyph({ data: context.getImageData(0, 0, width, height).data, width, height, channels: 4, layout: 'hwc' }, {}, file.name);
}

/** A photo: upright, over white, stretched to the model's size, grey as Rec. 601 luma. */
async function photoPixels(file, p) {
  const bitmap = await createImageBitmap(file, { imageOrientation: 'from-image' });
  const canvas = new OffscreenCanvas(p.width, p.height);
  const context = canvas.getContext('2d', { willReadFrequently: true });
  context.fillStyle = '#ffffff';
  context.fillRect(0, 0, p.width, p.height);
  context.imageSmoothingQuality = 'high';
  context.drawImage(bitmap, 0, 0, p.width, p.height);
  bitmap.close();
  const rgba = context.getImageData(0, 0, p.width, p.height).data;
  const plane = p.width * p.height;
  const out = new Uint8Array(p.channels * plane);
  for (let i = 0; i < plane; i++) {
    const r = rgba[4 * i], g = rgba[4 * i + 1], b = rgba[4 * i + 2];
    if (p.channels === 1) out[i] = Math.round(0.299 * r + 0.587 * g + 0.114 * b);
    else { out[i] = r; out[plane + i] = g; out[2 * plane + i] = b; }
  }
  return out;
}

/** Loads the model and the gallery once; resolves to { identify(file) } or rejects with why it cannot. */
export async function loadLocalIdentifier(info) {
  const p = info.preprocessing;
  const [model, gallery] = await Promise.all([fetch('/app/model.onnx'), fetch('/app/gallery.bin')]);
  if (!model.ok || !gallery.ok) throw new Error('the server did not send the model or the gallery');
  const session = await ort.InferenceSession.create(new Uint8Array(await model.arrayBuffer()), { executionProviders: ['wasm'] });
  const g = decodeGallery(await gallery.arrayBuffer());
  return {
    gallery: g,
    async embed(pixels) {
      const input = new ort.Tensor('uint8', pixels, [1, p.channels, p.height, p.width]);
      const output = await session.run({ [session.inputNames[0]]: input });
      return output[session.outputNames[0]].data;
    },
    async identify(file) {
      return identifyEmbedding(g, await this.embed(await pixelsOf(file, p)));
    },
  };
}
`;
