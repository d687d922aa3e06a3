export { clusterAutomatically, kMeans, nearest, type Clustering } from "./clustering.js";
export { evidenceCues, isEvidenceRich, type EvidenceCues } from "./cues.js";
export {
  givesReason,
  proposalOf,
  stanceCues,
  stanceFromClosed,
  stanceFromText,
  stancesOf,
  type Proposal,
  type Stance,
} from "./stance.js";
export { groupKeyphrases } from "./keyphrases.js";
export {
  groupPhrases,
  groupLabels,
  labelFromPhrases,
  leadingPhrase,
  representativeSentence,
} from "./phrases.js";
export { binaryF1, bootstrapMean, itemF1, sampleF1, type Estimate } from "./metrics.js";
export { sampleByContent, seededRandom } from "./random.js";
export { isStopword, meaningfulWords, sentences, stem, terms, termsWithPhrases } from "./text.js";
export {
  blend,
  centroid,
  cosine,
  cosineDense,
  dimensionOf,
  fitTfIdf,
  normalise,
  sparseFrom,
  toDense,
  type SparseVector,
  type TfIdfModel,
} from "./vectors.js";
export { bm25Index, type Bm25Index, type Bm25Options } from "./bm25.js";
export { longestCommonSubsequence, rouge, rougeL, rougeTokens, type RougeScores } from "./rouge.js";
export { DAY_NAMES, MONTH_NAMES } from "./calendar.js";
