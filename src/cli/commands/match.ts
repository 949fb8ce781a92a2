// `reid match A B`: how well two photographs agree by local features (SIFT, ratio test,
// geometric verification), with a picture of the verified correspondences.
import type { Command } from 'commander';
import { matchRun } from '../../index.ts';
import { oneOf, positiveInt } from '../parse-options.ts';

export function registerMatch(program: Command): void {
  program
    .command('match')
    .description('match two images by local features (SIFT + ratio test + RANSAC) and draw the verified correspondences')
    .argument('<a>', 'first image')
    .argument('<b>', 'second image')
    .option('--out <file>', 'write the match picture (PNG) here')
    .option('--json', 'print one JSON object')
    .option('--model <m>', 'affine | homography', oneOf('--model', ['affine', 'homography'] as const), 'affine')
    .option('--keypoints <n>', 'keypoints kept per image, strongest first', positiveInt('--keypoints'), 400)
    .option('--max-side <n>', 'images are downscaled to this longer side', positiveInt('--max-side'), 320)
    .option('--hide-rejected', 'leave tentative matches the model rejects out of the picture')
    .action(async (a: string, b: string, flags: { out?: string; json?: boolean; model: 'affine' | 'homography'; keypoints: number; maxSide: number; hideRejected?: boolean }) => {
      const result = await matchRun({
        a, b, out: flags.out, hideRejected: flags.hideRejected,
        features: { maxKeypoints: flags.keypoints, maxSide: flags.maxSide },
        match: { model: flags.model },
      });
      if (flags.json) return console.log(JSON.stringify({ a, b, ...result }));
      console.log(`inliers ${result.inliers}  tentative ${result.tentative}  score ${result.score}  (keypoints ${result.keypoints[0]} / ${result.keypoints[1]})`);
      if (result.out) console.log(`wrote ${result.out}`);
    });
}
