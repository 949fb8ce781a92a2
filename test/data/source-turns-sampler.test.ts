import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseDatasetSpec } from '../../src/data/index.ts';
import { identitySources, SourceTurnsSampler } from '../../src/data/index.ts';
import { ArgumentError } from '../../src/util/errors.ts';

/** 40 identities × 5 images: identities 0-29 from source 0, 30-39 from source 1. */
const identities = Array.from({ length: 40 }, (_, i) => `id-${i}`);
const labels = Int32Array.from({ length: 200 }, (_, item) => Math.floor(item / 5));
const identitySource = Int32Array.from(identities, (_, i) => (i < 30 ? 0 : 1));

test('SourceTurnsSampler: every P×K batch holds one source only, sources in turn by their share of identities', () => {
  const sampler = new SourceTurnsSampler({ labels, identities }, { identitiesPerBatch: 8, imagesPerIdentity: 4, seed: 3, batchesPerEpoch: 12, identitySource });
  const batches = sampler.batches(0);
  assert.equal(batches.length, 12);
  const sources = batches.map((batch) => {
    assert.equal(batch.length, 32);
    const ids = new Set(Array.from(batch, (item) => labels[item]!));
    assert.equal(ids.size, 8, 'P distinct identities');
    for (const id of ids) assert.equal(Array.from(batch).filter((item) => labels[item] === id).length, 4, 'K images each');
    const batchSources = new Set(Array.from(ids, (id) => identitySource[id]!));
    assert.equal(batchSources.size, 1, `batch mixes sources ${[...batchSources]}`);
    return [...batchSources][0]!;
  });
  // 30:10 identities → 9 batches of source 0, 3 of source 1, interleaved (never 4 of source 1 late in a row).
  assert.equal(sources.filter((s) => s === 0).length, 9);
  assert.deepEqual(sources.slice(0, 4).sort(), [0, 0, 0, 1]);
  // Every identity of the epoch is visited, and an epoch is a pure function of (seed, epoch).
  assert.equal(new Set(batches.flatMap((b) => Array.from(b, (item) => labels[item]!))).size, 40);
  assert.deepEqual(new SourceTurnsSampler({ labels, identities }, { identitiesPerBatch: 8, imagesPerIdentity: 4, seed: 3, batchesPerEpoch: 12, identitySource }).batches(0), batches);
  assert.notDeepEqual(sampler.batches(1), batches);
});

test('SourceTurnsSampler lowers P for a source with fewer identities and refuses a wrong source list', () => {
  const small = Int32Array.from(identities, (_, i) => (i < 37 ? 0 : 1));
  const batches = new SourceTurnsSampler({ labels, identities }, { identitiesPerBatch: 8, imagesPerIdentity: 2, seed: 1, batchesPerEpoch: 40, identitySource: small }).batches(0);
  const fromSmall = batches.filter((batch) => labels[batch[0]!]! >= 37);
  assert.ok(fromSmall.length >= 1);
  for (const batch of fromSmall) assert.equal(batch.length, 3 * 2);
  assert.throws(() => new SourceTurnsSampler({ labels, identities }, { identitiesPerBatch: 8, imagesPerIdentity: 2, seed: 1, batchesPerEpoch: 4, identitySource: new Int32Array(3) }), ArgumentError);
});

test('identitySources names the part of a SPEC+SPEC spec each identity comes from', async () => {
  const spec = parseDatasetSpec('synth:spots:3+synth:notches:10-11');
  assert.deepEqual(Array.from(await identitySources(spec, ['notches-11', 'spots-0', 'spots-2', 'notches-10'])), [1, 0, 0, 1]);
  assert.deepEqual(Array.from(await identitySources(parseDatasetSpec('synth:spots:3'), ['spots-0', 'spots-1'])), [0, 0]);
  await assert.rejects(identitySources(spec, ['stripes-0']), /identity "stripes-0"/);
});
