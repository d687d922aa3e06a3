import {
  chooseEngine,
  countTokens,
  estimateRun,
  modelEstimate,
  type ModelAccess,
  type ModelEstimate,
} from "@bernard/llm";
import { AppError, UNFINISHED_STATES, type JobService } from "@bernard/toolkit";
import type { ToolDatabase } from "./database.js";

export type EngineName = "offline" | "model";

/** What an analysis is likely to take, shown before it starts. */
export interface AnalysisEstimate {
  responses: number;
  offline: { seconds: number };
  model: ModelEstimate;
}

/** How the sorter is named in what a page says about its model. */
const TOOL_NAME = "the sorter";

/** Rough request shapes behind the estimate: tokens around each batch and in each reply. */
const ESTIMATE = {
  batchTokens: 8_000,
  instructionTokens: 600,
  themeListTokens: 1_500,
  itemsPerMappingBatch: 50,
  mappingReplyTokens: 60,
  themes: 15,
  writeUpTokens: 2_500,
  secondsPerRequest: 10,
  concurrency: 4,
  /** Offline engine: a conservative rate from `pnpm bench consult` on 2 cores. */
  offlineResponsesPerSecond: 2_000,
};

/**
 * Starts finding themes (or, once signed off, the final mapping) for a question with the chosen
 * engine. The model engine runs as the person who started it, with a credential that outlasts
 * their request.
 */
export class AnalysisRuns {
  constructor(
    private readonly db: ToolDatabase,
    private readonly jobs: JobService,
    private readonly models: ModelAccess | undefined,
  ) {}

  async start(
    questionId: string,
    {
      engine,
      mode,
      userToken,
      startedBy,
    }: {
      engine: EngineName;
      mode: "themes" | "final";
      userToken: string | null;
      startedBy: string;
    },
  ) {
    const model = engine === "model" ? await this.#modelFor(userToken) : undefined;
    return this.jobs.enqueue(
      "analyse-question",
      {
        questionId,
        engine,
        mode,
        ...(model ? { model, credential: await this.models!.credentialFor(userToken!) } : {}),
      },
      // One analysis at a time per question; a second start is refused while one runs.
      { startedBy, subject: { kind: "question", id: questionId } },
    );
  }

  /**
   * Refuses while the question's analysis is unfinished: signing off then would freeze themes the
   * running analysis is about to replace, and leave no final mapping.
   */
  async assertIdle(questionId: string, toDo: string): Promise<void> {
    const job = await this.jobs.latestFor({ kind: "question", id: questionId }, "analyse-question");
    if (job && UNFINISHED_STATES.includes(job.state)) {
      throw AppError.conflict(
        `The question's themes are still being analysed. Wait for the analysis to finish, or stop it, before you ${toDo}.`,
      );
    }
  }

  async estimate(questionId: string, userToken: string | null): Promise<AnalysisEstimate> {
    const responses = await this.db.response.findMany({
      where: { questionId },
      select: { text: true },
    });
    const count = responses.length;
    const tokens = responses.reduce((sum, response) => sum + countTokens(response.text) + 12, 0);
    const offline = { seconds: Math.ceil(1 + count / ESTIMATE.offlineResponsesPerSecond) };
    const choice = await chooseEngine(this.models, userToken, { toolName: TOOL_NAME });
    return {
      responses: count,
      offline,
      model: modelEstimate(choice, (model) => {
        const generation = Math.max(
          1,
          Math.ceil(tokens / (ESTIMATE.batchTokens - ESTIMATE.instructionTokens)),
        );
        const mapping = Math.max(
          Math.ceil(count / ESTIMATE.itemsPerMappingBatch),
          Math.ceil(tokens / (ESTIMATE.batchTokens - ESTIMATE.themeListTokens)),
        );
        const tidying = 3; // condensing and refinement
        return estimateRun(
          model,
          {
            requests: generation + tidying + mapping + ESTIMATE.themes,
            promptTokens:
              tokens * 2 +
              generation * ESTIMATE.instructionTokens +
              tidying * ESTIMATE.themeListTokens * 2 +
              mapping * ESTIMATE.themeListTokens +
              ESTIMATE.themes * ESTIMATE.writeUpTokens,
            completionTokens:
              generation * 400 +
              tidying * 800 +
              count * ESTIMATE.mappingReplyTokens +
              ESTIMATE.themes * 250,
          },
          { concurrency: ESTIMATE.concurrency, secondsPerRequest: ESTIMATE.secondsPerRequest },
        );
      }),
    };
  }

  async #modelFor(userToken: string | null): Promise<string> {
    const choice = await chooseEngine(this.models, userToken, { toolName: TOOL_NAME });
    if (choice.engine === "offline") {
      throw AppError.badRequest(choice.reason, [{ field: "engine", message: choice.reason }]);
    }
    return choice.model;
  }
}
