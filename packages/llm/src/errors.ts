/** No provider is configured: tools catch this and use their offline engines. */
export class NoModelConfiguredError extends Error {
  override name = "NoModelConfiguredError";
  constructor() {
    super(
      'No AI model is configured, so this runs without one. An administrator can connect a model provider (see the README, "Models").',
    );
  }
}

/** A model call that failed after its retries; `status` is the provider's HTTP status, if any. */
export class LlmRequestError extends Error {
  override name = "LlmRequestError";
  constructor(
    message: string,
    readonly status: number | undefined,
    options?: ErrorOptions,
  ) {
    super(message, options);
  }
}

/** The model kept answering with something that is not valid JSON for the schema. */
export class StructuredOutputError extends Error {
  override name = "StructuredOutputError";
  constructor(
    message: string,
    /** The last reply, as the model wrote it. */
    readonly lastReply: string,
    /** What was wrong with it. */
    readonly problems: string[],
  ) {
    super(message);
  }
}
