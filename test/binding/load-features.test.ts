// The local-feature addon itself: loaded once, OpenCV's version, and errors that name the op
// (thrown synchronously for bad arguments, never a crash) when called past src/features' checks.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { loadFeatures } from '../../src/binding/index.ts';

test('the OpenCV addon loads, reports its version and refuses bad arguments naming the op', async () => {
  const native = loadFeatures();
  assert.equal(loadFeatures(), native);
  assert.match(native.version(), /^4\./);
  assert.equal(native.numThreads(), 1);
  assert.throws(() => native.detect(new Uint8Array(10), 4, 4), /reid_features\.detect: expected height × width = 10 grey pixels, got 4 × 4/);
  assert.throws(() => native.detect(new Float32Array(16) as never, 4, 4), /reid_features\.detect: expected \(grey: Uint8Array/);
  const ok = { keypoints: new Float32Array(5), descriptors: new Uint8Array(128) };
  assert.throws(() => native.matchPair(ok, { keypoints: new Float32Array(6), descriptors: new Uint8Array(0) }), /reid_features\.matchPair: candidate\.keypoints length is not a multiple of 5/);
  assert.throws(() => native.matchMany(ok, [ok, { keypoints: new Float32Array(5), descriptors: new Uint8Array(3) }]), /reid_features\.matchMany: candidates\[1\]\.descriptors holds 3 bytes/);
  assert.throws(() => native.matchPair(ok, ok, { model: 7 as never }), /reid_features\.matchPair: expected model 0/);
  // One keypoint each: no second neighbour for the ratio test, so no match, and no crash.
  const one = await native.matchPair(ok, ok);
  assert.equal(one.inlierCount, 0);
  assert.equal(one.transform, null);
});
