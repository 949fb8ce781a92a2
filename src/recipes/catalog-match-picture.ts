// The picture of two catalogue images' verified local-feature correspondences (matchRun, the
// `reid match` recipe), as PNG bytes for the review page: a photo beside a candidate's photo.
import { mkdir, mkdtemp, readFile, rm, symlink } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { extname, join, resolve } from 'node:path';
import { matchRun } from './match-run.ts';

/**
 * Matches image file `a` against `b` and returns the match picture (rejected tentatives left out).
 * The picture labels each image with its file name, so each is linked in a scratch folder as its label.
 */
export async function matchPicturePngOf(a: string, b: string, labels: readonly [string, string]): Promise<Buffer> {
  const dir = await mkdtemp(join(tmpdir(), 'reid-match-picture-'));
  try {
    const named = await Promise.all([a, b].map(async (file, i) => {
      await mkdir(join(dir, String(i)));
      const path = join(dir, String(i), `${labels[i]!.replace(/[^\w .-]/g, '_')}${extname(file)}`);
      await symlink(resolve(file), path);
      return path;
    }));
    const out = join(dir, 'match.png');
    await matchRun({ a: named[0]!, b: named[1]!, out, hideRejected: true });
    return await readFile(out);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
