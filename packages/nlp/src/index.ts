export { clusterAutomatically, kMeans, nearest, type Clustering } from "./clustering.js";
export {
  evidenceCues,
  isEvidenceRich,
  stanceFromText,
  type EvidenceCues,
  type Stance,
} from "./cues.js";
export { groupKeyphrases } from "./keyphrases.js";
export { binaryF1, bootstrapMean, itemF1, sampleF1, type Estimate } from "./metrics.js";
export { seededRandom } from "./random.js";
export { meaningfulWords, sentences, stem, terms, termsWithPhrases } from "./text.js";
export {
  centroid,
  cosine,
  cosineDense,
  dimensionOf,
  fitTfIdf,
  normalise,
  toDense,
  type SparseVector,
  type TfIdfModel,
} from "./vectors.js";
