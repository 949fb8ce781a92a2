// A small builder for ONNX graphs over onnx-proto's generated types: named values, initializers
// (raw little-endian bytes), nodes with typed attributes, and the ModelProto around them.
import onnxProto from 'onnx-proto';

const { onnx } = onnxProto;
export type NodeProto = onnxProto.onnx.INodeProto;

type Attribute = number | number[] | { float: number };

function attribute(name: string, value: Attribute): onnxProto.onnx.IAttributeProto {
  const T = onnx.AttributeProto.AttributeType;
  if (Array.isArray(value)) return { name, type: T.INTS, ints: value };
  if (typeof value === 'number') return { name, type: T.INT, i: value };
  return { name, type: T.FLOAT, f: value.float };
}

export class OnnxGraph {
  readonly nodes: NodeProto[] = [];
  readonly initializers: onnxProto.onnx.ITensorProto[] = [];
  #next = 0;

  /** A fresh value name with a readable prefix. */
  name(prefix: string): string {
    return `${prefix}_${this.#next++}`;
  }

  /** A float32 constant; returns its name. */
  constant(prefix: string, data: Float32Array, dims: readonly number[]): string {
    const name = this.name(prefix);
    const bytes = new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
    this.initializers.push({ name, dims: [...dims], dataType: onnx.TensorProto.DataType.FLOAT, rawData: Uint8Array.from(bytes) });
    return name;
  }

  /** An integer constant (int8, uint8 or int32; a scalar when dims is []); returns its name. */
  integers(prefix: string, data: Int8Array | Uint8Array | Int32Array, dims: readonly number[]): string {
    const T = onnx.TensorProto.DataType;
    const name = this.name(prefix);
    const dataType = data instanceof Int8Array ? T.INT8 : data instanceof Uint8Array ? T.UINT8 : T.INT32;
    const bytes = new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
    this.initializers.push({ name, dims: [...dims], dataType, rawData: Uint8Array.from(bytes) });
    return name;
  }

  /** Adds a node with one output; returns the output's name. */
  node(opType: string, inputs: readonly string[], attributes: Record<string, Attribute> = {}): string {
    const output = this.name(opType.toLowerCase());
    this.nodes.push({
      opType, name: `${opType}_${this.nodes.length}`, input: [...inputs], output: [output],
      attribute: Object.entries(attributes).map(([k, v]) => attribute(k, v)),
    });
    return output;
  }
}

export interface TensorType {
  name: string;
  elemType: 'float32' | 'uint8';
  /** A string is a symbolic (dynamic) dimension; none: shape left to the runtime. */
  dims?: readonly (number | string)[];
}

function valueInfo(t: TensorType): onnxProto.onnx.IValueInfoProto {
  const elemType = t.elemType === 'float32' ? onnx.TensorProto.DataType.FLOAT : onnx.TensorProto.DataType.UINT8;
  return {
    name: t.name,
    type: { tensorType: { elemType, ...(t.dims ? { shape: { dim: t.dims.map((d) => (typeof d === 'string' ? { dimParam: d } : { dimValue: d })) } } : {}) } },
  };
}

export interface ModelMetadata {
  producerVersion: string;
  docString: string;
  /** Stored as metadata_props (ORT exposes them). */
  properties: Record<string, string>;
}

/** Opset 13: supported by onnxruntime-node and onnxruntime-web alike. */
export const onnxOpset = 13;

/** Serialises the graph as an ONNX model file's bytes (outputs beyond the first are extra, e.g. calibration taps). */
export function encodeModel(graph: OnnxGraph, input: TensorType, outputs: TensorType | readonly TensorType[], metadata: ModelMetadata): Uint8Array {
  const model = onnx.ModelProto.create({
    irVersion: 8,
    opsetImport: [{ domain: '', version: onnxOpset }],
    producerName: 'reid',
    producerVersion: metadata.producerVersion,
    docString: metadata.docString,
    metadataProps: Object.entries(metadata.properties).map(([key, value]) => ({ key, value })),
    graph: {
      name: 'reid-embedding',
      node: graph.nodes,
      initializer: graph.initializers,
      input: [valueInfo(input)],
      output: ('name' in outputs ? [outputs] : outputs).map(valueInfo),
    },
  });
  return onnx.ModelProto.encode(model).finish();
}
