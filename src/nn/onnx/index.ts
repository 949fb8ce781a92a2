export { planToOnnx, onnxInputName, onnxOutputName } from './plan-to-onnx.ts';
export type { OnnxInput, PlanToOnnxOptions } from './plan-to-onnx.ts';
export { onnxOpset } from './onnx-graph.ts';
export type { ModelMetadata } from './onnx-graph.ts';
export { OrtSession } from './ort-session.ts';
export type { OrtSessionOptions } from './ort-session.ts';
