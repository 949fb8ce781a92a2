// `reid export-onnx`, written once: a model bundle → model.onnx (BatchNorm folded; uint8 pixels
// in, (x/255 − mean)/std and L2 normalisation inside the graph) and model.onnx.json beside it,
// which documents what the graph cannot hold: the resize or glyph normalisation that brings an
// image to C×H×W, the calibration, and where the model came from. Both files are written atomically.
import { mkdir } from 'node:fs/promises';
import { dirname } from 'node:path';
import { writeFileAtomic, writeJsonAtomic } from '../util/atomic-write.ts';
import { ArgumentError } from '../util/errors.ts';
import { loadModelBundle, modelOnnx, releaseBundleEmbedders, type ModelBundle, type Preprocessing } from '../train/index.ts';
import { onnxInputName, onnxOpset, onnxOutputName } from '../nn/onnx/index.ts';

export interface ExportOnnxOptions {
  modelDir: string;
  /** The .onnx file to write; the description goes to `${out}.json`. */
  out: string;
  /** uint8 (default): raw pixels; float32: already normalised input. */
  input?: 'uint8' | 'float32';
  /** int8 weights and activations over the bundle's measured ranges (model.json `quantization`); default float32. */
  int8?: boolean;
}

/** model.onnx.json: how to feed the graph and read its answer. */
export interface OnnxDescription {
  format: 'reid-onnx';
  formatVersion: 1;
  opset: number;
  input: { name: string; type: 'uint8' | 'float32'; layout: 'NCHW'; shape: (number | 'batch')[]; normalisedInGraph: boolean };
  output: { name: string; type: 'float32'; shape: (number | 'batch')[]; l2Normalised: true; distance: 'euclidean' };
  /** float32, or int8 (QDQ: weights int8 per channel, activations uint8 over `quantization.measuredOn`). */
  precision: 'float32' | 'int8';
  quantization?: ModelBundle['config']['quantization'];
  /** The model's preprocessing: mean/std are applied inside the graph for uint8 input; resize or glyph normalisation is the caller's. */
  preprocessing: Preprocessing;
  arch: string;
  dim: number;
  fingerprint: string;
  calibration?: ModelBundle['config']['calibration'];
  reidVersion: string;
}

export async function exportOnnxRun(options: ExportOnnxOptions): Promise<{ bytes: number; description: OnnxDescription }> {
  if (!options.out.endsWith('.onnx')) throw new ArgumentError(`exportOnnxRun: expected a file name ending in .onnx for out but received "${options.out}"`);
  const input = options.input ?? 'uint8';
  if (input !== 'uint8' && input !== 'float32') throw new ArgumentError(`exportOnnxRun: expected uint8 or float32 for input but received "${String(input)}"`);
  const bundle = await loadModelBundle(options.modelDir);
  try {
    const { config } = bundle;
    const p = config.preprocessing;
    if (options.int8 && !config.quantization) {
      throw new ArgumentError(`exportOnnxRun: --int8 needs the activation ranges in ${options.modelDir}/model.json ("quantization") but it has none. Hint: reid quantize --model ${options.modelDir} --data SPEC.`);
    }
    const precision = options.int8 ? { kind: 'int8' as const, activations: config.quantization!.activations } : { kind: 'float32' as const };
    const bytes = modelOnnx(bundle.model, p, { dim: config.dim, input, fingerprint: config.fingerprint, precision });
    const description: OnnxDescription = {
      format: 'reid-onnx', formatVersion: 1, opset: onnxOpset,
      input: { name: onnxInputName, type: input, layout: 'NCHW', shape: ['batch', p.channels, p.height, p.width], normalisedInGraph: input === 'uint8' },
      output: { name: onnxOutputName, type: 'float32', shape: ['batch', config.dim], l2Normalised: true, distance: 'euclidean' },
      precision: precision.kind, ...(options.int8 ? { quantization: config.quantization } : {}),
      preprocessing: p, arch: config.arch, dim: config.dim, fingerprint: config.fingerprint,
      ...(config.calibration ? { calibration: config.calibration } : {}), reidVersion: config.reidVersion,
    };
    await mkdir(dirname(options.out), { recursive: true });
    await writeFileAtomic(options.out, bytes);
    await writeJsonAtomic(`${options.out}.json`, description);
    return { bytes: bytes.length, description };
  } finally {
    await releaseBundleEmbedders(bundle);
    bundle.model.dispose();
  }
}
