export { trainRun, defaultRecipe, tutorialRecipe } from './train-run.ts';
export type { TrainRecipe, TrainRunOptions, TrainRunResult } from './train-run.ts';
export { buildLoss, lossKinds } from './loss-spec.ts';
export type { LossSpec, LossKind, LossContext, MinerKind, MarginSpec } from './loss-spec.ts';
export { evaluateRun } from './evaluate-run.ts';
export type { EvaluationReport, RetrievalSummary, KShotSummary } from './evaluate-run.ts';
export { embedFiles, preprocessFiles, preprocessImage, ImageTooLargeError, maxInputPixels, glyphWorkingSide } from './embed-files.ts';
export type { PreprocessOptions } from './embed-files.ts';
export { embedFileBatches, type EmbedFileBatchesOptions } from './embed-file-batches.ts';
export { catalogOptionsFor, chooseSplits, datasetSplit, defaultSplit, embedSplits, oneDatasetSplit } from './embed-splits.ts';
export type { EmbeddedItem, EmbeddedSplits, EmbedSplitsOptions } from './embed-splits.ts';
export { demoRun } from './demo-run.ts';
export type { DemoOptions, DemoResult, DemoQuery, DemoScenario } from './demo-run.ts';
export { generalGlyphModelDir, resolveModelDir } from './shipped-models.ts';
export { clusterStats } from './demo-report.ts';
export { calibrateRun, describeTarget } from './calibrate-run.ts';
export type { CalibrateRunOptions, CalibrateRunResult, CalibrationQuerySet } from './calibrate-run.ts';
export { identifyRun, identificationJson } from './identify-run.ts';
export type { IdentifyRunOptions, IdentificationJson } from './identify-run.ts';
export { checkCalibration, describeCalibration } from './saved-calibration.ts';
export { openGalleryWithModel } from './open-gallery.ts';
export type { OpenedGallery } from './open-gallery.ts';
export { addToGallery, buildGallery, enrollInGallery, removeFromGallery, renameInGallery } from './gallery-edits.ts';
export type { AddToGalleryOptions, BuildGalleryOptions, EnrollOptions, GallerySummary } from './gallery-edits.ts';
export { runOpenSetProtocol } from './open-set-protocol.ts';
export type { EmbeddedSet, OpenSetProtocolOptions, OpenSetQuery, OpenSetRun } from './open-set-protocol.ts';
export { openSetOverSeeds, summariseOpenSet } from './open-set-summary.ts';
export type { OpenSetSpread, OpenSetSummary, SeededOpenSetOptions } from './open-set-summary.ts';
export { falseMatchThreshold, fitOpenSetCalibration } from './fit-open-set-calibration.ts';
export type { FitOpenSetCalibrationOptions, FittedOpenSetCalibration } from './fit-open-set-calibration.ts';
export type {
  CatalogWebSession, SightingUpload, WebCandidate, WebDecision, WebDecisionResult, WebIdentification, WebIndividual, WebIndividualDetail,
  WebQueue, WebQueueEntry, WebSighting,
} from './catalog-web.ts';
