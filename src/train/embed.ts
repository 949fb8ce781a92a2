// Embedding pixels: no autograd, eval mode, checked for non-finite output. embed-dataset.ts runs it over whole datasets.
import { tensor } from '../tensor/creation.ts';
import { noGrad } from '../tensor/grad-mode.ts';
import { tidy } from '../tensor/memory.ts';
import type { Module } from '../nn/module.ts';
import { ArgumentError, DataError } from '../util/errors.ts';
import type { Preprocessing } from './preprocessing.ts';

/** uint8 CHW images side by side in one N×C×H×W buffer, as ONNX Runtime takes them; `where` names the caller in errors. */
export function packPixels(images: readonly Uint8Array[], p: Preprocessing, where: string, first = 0): Uint8Array {
  const size = p.channels * p.height * p.width;
  const batch = new Uint8Array(images.length * size);
  images.forEach((image, n) => {
    if (image.length !== size) throw new ArgumentError(`${where}: expected ${size} pixels (${p.channels}×${p.height}×${p.width}) for image ${first + n} but received ${image.length}`);
    batch.set(image, n * size);
  });
  return batch;
}

/** Normalises uint8 CHW images into one Float32Array N×C×H×W batch. */
export function pixelsToInput(images: readonly Uint8Array[], p: Preprocessing): Float32Array {
  const size = p.channels * p.height * p.width;
  const plane = p.height * p.width;
  const out = new Float32Array(images.length * size);
  images.forEach((image, n) => {
    if (image.length !== size) {
      throw new ArgumentError(`pixelsToInput: expected ${size} pixels (${p.channels}×${p.height}×${p.width}) for image ${n} but received ${image.length}`);
    }
    for (let c = 0; c < p.channels; c++) {
      const scale = 1 / (255 * p.std[c]!);
      const offset = -p.mean[c]! / p.std[c]!;
      for (let i = c * plane; i < (c + 1) * plane; i++) out[n * size + i] = image[i]! * scale + offset;
    }
  });
  return out;
}

const modelSources = new WeakMap<Module, string>();

/** Records where a model was loaded from (its bundle directory), so embedding errors can name it. */
export function rememberModelSource(model: Module, source: string): void {
  modelSources.set(model, source);
}

/**
 * Refuses non-finite embeddings where they leave the network: a NaN row would otherwise be
 * written to a .npy, poison a gallery's centroids, or print "distance NaN". Finite weights
 * and a valid model.json can still overflow (huge weights), so this is checked on every batch.
 */
export function checkFinite(model: Module, embeddings: Float32Array, dim: number, sourceOf: (row: number) => string): void {
  for (let i = 0; i < embeddings.length; i++) {
    if (Number.isFinite(embeddings[i]!)) continue;
    const modelDir = modelSources.get(model);
    throw new DataError(`embedPixels: expected finite embeddings from ${modelDir ? `the model ${modelDir}` : 'the network'} but received ${embeddings[i]} for ${sourceOf(Math.floor(i / dim))}. Hint: the model's weights overflow on this input; check or retrain the model.`, modelDir ? { file: modelDir } : {});
  }
}

/**
 * Embeds preprocessed images (uint8 CHW at the model's size); returns N×dim row-major.
 * `sourceOf` names an image (by its row in `images`) in errors; `namedAs` is the model whose
 * source errors name (default `model`; an inference copy names the bundle it was made from).
 */
export function embedPixels(model: Module, images: readonly Uint8Array[], p: Preprocessing, sourceOf: (row: number) => string = (row) => `image ${row}`, namedAs: Module = model): { embeddings: Float32Array; dim: number } {
  if (images.length === 0) return { embeddings: new Float32Array(0), dim: 0 };
  model.eval();
  const out = noGrad(() => tidy(() => {
    const result = model.forward(tensor(pixelsToInput(images, p), [images.length, p.channels, p.height, p.width]));
    return { embeddings: result.data<'float32'>(), dim: result.shape[1]! };
  }));
  checkFinite(namedAs, out.embeddings, out.dim, sourceOf);
  return out;
}
