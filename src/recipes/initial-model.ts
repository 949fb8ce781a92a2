// `reid train --init MODEL`: a run that starts from a model bundle's weights. The bundle fixes the
// network, the embedding size and the input (channels, size, normalisation); a recipe that asks for
// others is refused before any work, naming the option and the model's value.
import { resolve } from 'node:path';
import { loadModelBundle, type ModelBundle } from '../train/index.ts';
import { ArgumentError } from '../util/errors.ts';
import { resolveModelDir } from './shipped-models.ts';
import { checkImageSize } from './training-input.ts';

export interface InitialModel {
  /** The bundle directory, absolute, as recorded in the new model's recipe. */
  dir: string;
  bundle: ModelBundle;
}

export interface InitRecipe {
  init?: string;
  arch?: string;
  dim?: number;
  imageSize?: number;
}

/** Loads recipe.init and refuses an --arch, --dim or --image-size that differs from the model's. */
export async function initialModel(recipe: InitRecipe): Promise<InitialModel> {
  if (recipe.init === undefined) throw new ArgumentError('initialModel: expected a model bundle directory for init but received none');
  if (recipe.imageSize !== undefined) checkImageSize(recipe.imageSize);
  const dir = resolve(resolveModelDir(recipe.init)); // a shipped model's name (pattern-general) or a bundle directory
  const bundle = await loadModelBundle(dir);
  const { arch, dim, preprocessing: p } = bundle.config;
  const clash = (option: string, asked: unknown, has: unknown): ArgumentError =>
    new ArgumentError(`--init: expected ${option} ${String(has)} (the model ${recipe.init} has it) or no ${option} but received ${option} ${String(asked)}. Hint: leave ${option} out to fine-tune the model as it is, or train without --init.`);
  let error: ArgumentError | undefined;
  if (recipe.arch !== undefined && recipe.arch !== arch) error = clash('--arch', recipe.arch, arch);
  else if (recipe.dim !== undefined && recipe.dim !== dim) error = clash('--dim', recipe.dim, dim);
  else if (recipe.imageSize !== undefined && (recipe.imageSize !== p.height || recipe.imageSize !== p.width)) error = clash('--image-size', recipe.imageSize, p.height === p.width ? p.height : `${p.height}×${p.width}`);
  if (error) {
    bundle.model.dispose();
    throw error;
  }
  return { dir, bundle };
}
