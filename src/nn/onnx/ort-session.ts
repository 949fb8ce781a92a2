// ONNX Runtime (onnxruntime-node, CPU) as an inference engine: one session over a model's bytes,
// with an explicit intra-op thread count (ORT otherwise takes every core, ignoring REID_THREADS).
import ort from 'onnxruntime-node';
import { ArgumentError, ReidError } from '../../util/errors.ts';

export interface OrtSessionOptions {
  /** Intra-op threads (default 1). */
  threads?: number;
}

export class OrtSession {
  private constructor(readonly session: ort.InferenceSession, readonly threads: number) {}

  /** Loads an ONNX model from its bytes; `source` names it in errors. */
  static async create(model: Uint8Array, source: string, options: OrtSessionOptions = {}): Promise<OrtSession> {
    const threads = options.threads ?? 1;
    if (!Number.isInteger(threads) || threads < 1) throw new ArgumentError(`OrtSession.create: expected a positive integer for threads but received ${threads}`);
    try {
      const session = await ort.InferenceSession.create(model, {
        intraOpNumThreads: threads, interOpNumThreads: 1, executionMode: 'sequential', graphOptimizationLevel: 'all',
        executionProviders: ['cpu'],
      });
      return new OrtSession(session, threads);
    } catch (error) {
      throw new ReidError(`OrtSession.create: onnxruntime could not load ${source}: ${(error as Error).message}`, { cause: error });
    }
  }

  /** Runs the model's one input → one output; returns the output's data and dims. */
  async run(data: Uint8Array | Float32Array, dims: readonly number[]): Promise<{ data: Float32Array; dims: number[] }> {
    const outputs = await this.#outputs(data, dims, 'run');
    const out = outputs[this.session.outputNames[0]!]!;
    // A copy of our own: it can be transferred to another thread and outlives the session.
    return { data: new Float32Array(out.data as Float32Array), dims: [...out.dims] };
  }

  /** Runs the model's one input → every output, in the graph's output order (float32 outputs only). */
  async runAll(data: Uint8Array | Float32Array, dims: readonly number[]): Promise<Float32Array[]> {
    const outputs = await this.#outputs(data, dims, 'runAll');
    return this.session.outputNames.map((name) => outputs[name]!.data as Float32Array);
  }

  async #outputs(data: Uint8Array | Float32Array, dims: readonly number[], method: string): Promise<ort.InferenceSession.ReturnType> {
    const input = new ort.Tensor(data instanceof Uint8Array ? 'uint8' : 'float32', data, dims);
    try {
      return await this.session.run({ [this.session.inputNames[0]!]: input });
    } catch (error) {
      throw new ReidError(`OrtSession.${method}: onnxruntime failed on an input of shape [${dims.join(', ')}]: ${(error as Error).message}`, { cause: error });
    } finally {
      input.dispose();
    }
  }

  async dispose(): Promise<void> {
    await this.session.release();
  }
}
