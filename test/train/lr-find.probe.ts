import { setNumThreads } from '../../src/tensor/index.ts';
import { lrFind } from '../../src/train/index.ts';
import { tinySetup } from './helpers/tiny-setup.ts';
setNumThreads(1);
for (const endLr of [10, 1e3, 1e5]) {
  const s = tinySetup({});
  const t = performance.now();
  const r = await lrFind(s.learner, { startLr: 1e-5, endLr, iterations: 40 });
  console.log(endLr, r.lrs.length, (performance.now() - t).toFixed(0), r.losses.map((x) => x.toFixed(2)).join(' '), r.suggestions);
  s.dispose();
}
