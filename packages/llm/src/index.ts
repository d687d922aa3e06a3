export {
  processBatch,
  planBatches,
  type BatchItem,
  type BatchOptions,
  type BatchOutcome,
} from "./batch.js";
export {
  cacheKey,
  PostgresResponseCache,
  type CachedResponse,
  type ResponseCache,
} from "./cache.js";
export {
  LlmClient,
  type ChatMessage,
  type ChatRequest,
  type ChatResult,
  type ClientStats,
  type Embeddings,
  type LlmClientOptions,
} from "./client.js";
export { COMMAND_NEEDS_A_MODEL, commandLineModelClient } from "./command-line-model.js";
export { runConcurrently } from "./concurrency.js";
export {
  chooseEngine,
  estimateRun,
  modelEstimate,
  noModelReason,
  portalModelAccess,
  type EngineChoice,
  type EstimateOptions,
  type ModelAccess,
  type ModelEstimate,
  type PlannedCall,
  type RunEstimate,
} from "./engines.js";
export { gatewayProvider, requestJobToken } from "./gateway.js";
export { LlmRequestError, NoModelConfiguredError, StructuredOutputError } from "./errors.js";
export { RateLimiter, type RateLimits } from "./limiter.js";
export { chunkForCalls, splitText } from "./long-text.js";
export {
  estimateMapReduce,
  mapInSteps,
  mapReduce,
  mapReduceInSteps,
  runAtOnce,
  type ChunkSteps,
  type MapReduceSteps,
  type ModelCall,
  type ModelMapReduce,
  type ModelMapReduceRun,
  type StepProgress,
  type StepRunner,
} from "./map-reduce.js";
export { definePrompt, type PromptTemplate, type RenderedPrompt } from "./prompts.js";
export {
  createSdkClient,
  modelEnvironment,
  modelSettings,
  type ModelSettings,
  type ProviderConfig,
} from "./providers.js";
export { Redactor } from "./redaction.js";
export { DEFAULT_RETRY_POLICY, type RetryPolicy } from "./retry.js";
export { countMessageTokens, countTokens } from "./tokens.js";
export {
  audioPieces,
  joinTranscriptions,
  MAX_AUDIO_BYTES,
  portalTranscriber,
  transcribePiece,
  type AudioPiece,
  type Transcriber,
  type TranscribeOptions,
  type TranscribedSegment,
  type Transcription,
} from "./transcription.js";
export {
  costOf,
  DEFAULT_PRICES,
  type Attribution,
  type ModelPrice,
  type UsageRecord,
} from "./usage.js";
