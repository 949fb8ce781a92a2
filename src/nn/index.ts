export { Module } from './module.ts';
export * as functional from './functional/index.ts';
export { Conv2d } from './layers/conv2d.ts';
export type { Conv2dOptions } from './layers/conv2d.ts';
export { Linear } from './layers/linear.ts';
export { BatchNorm1d, BatchNorm2d } from './layers/batch-norm.ts';
export type { BatchNormOptions } from './layers/batch-norm.ts';
export {
  ReLU, MaxPool2d, AdaptiveAvgPool2d, AdaptiveMaxPool2d, AdaptiveConcatPool2d, Dropout, Flatten, L2Normalize,
} from './layers/simple.ts';
export { Sequential } from './layers/sequential.ts';
export { BasicBlock, resnet18, resnet34, resnetBody, resnetDepths } from './layers/resnet.ts';
export type { ResNetOptions, ResNetDepth } from './layers/resnet.ts';
export { photoBody, photoBodyDefaults } from './layers/photo-body.ts';
export type { PhotoBodyOptions } from './layers/photo-body.ts';
export {
  kaimingNormal, kaimingUniform, xavierNormal, xavierUniform, torchDefaultUniform, uniform, normal, fans, gain,
} from './init.ts';
export type { KaimingOptions, FanMode, Nonlinearity } from './init.ts';
export { saveStateDict, loadStateDictFile, stateDictToSafetensors, safetensorsToStateDict } from './state-dict-io.ts';
export { EmbeddingNet, embeddingHead, smallCnnBody, architectures } from './models/embedding-net.ts';
export type { Architecture, EmbeddingNetOptions } from './models/embedding-net.ts';
export { inferencePlan, InferenceNet, countSteps } from './inference/index.ts';
export type { InferenceNetOptions, InferencePlan, InferenceStep, Weights } from './inference/index.ts';
export { planToOnnx, onnxInputName, onnxOutputName, onnxOpset, OrtSession } from './onnx/index.ts';
export type { OnnxInput, PlanToOnnxOptions, ModelMetadata, OrtSessionOptions } from './onnx/index.ts';
