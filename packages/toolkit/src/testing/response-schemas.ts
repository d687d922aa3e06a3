interface Operation {
  responses?: Record<
    string,
    { description?: string; content?: Record<string, { schema?: unknown }> }
  >;
}

const isJobEventStream = (method: string, path: string) =>
  method === "GET" && path.endsWith("/jobs/{id}/events");

/** An operation of an OpenAPI document, as `undescribedSuccesses` names it. */
export interface DocumentedOperation {
  method: string;
  path: string;
}

/**
 * The operations of an OpenAPI document (an app's `server.swagger()`) whose success answer is not
 * described, as `METHOD /path`: every route must declare a 2xx or 3xx response, and each 2xx
 * other than 204 must give its body's schema (without a response schema, @fastify/swagger writes
 * a bodiless "200: Default Response"). A job's progress stream (the toolkit's
 * `GET …/jobs/{id}/events`, Server-Sent Events) has no JSON to describe. `exempt` names the other
 * operations that need none (a download, a route that passes another server's answers on); say
 * why beside it.
 */
export function undescribedSuccesses(
  document: unknown,
  exempt: (operation: DocumentedOperation) => boolean = () => false,
): string[] {
  const paths = (document as { paths: Record<string, Record<string, Operation>> }).paths;
  return Object.entries(paths).flatMap(([path, methods]) =>
    Object.entries(methods).flatMap(([lowerMethod, operation]) => {
      const method = lowerMethod.toUpperCase();
      if (exempt({ method, path }) || isJobEventStream(method, path)) return [];
      const successes = Object.entries(operation.responses ?? {}).filter(([status]) =>
        /^[23]\d\d$/.test(status),
      );
      const undescribed =
        successes.length === 0 ||
        successes.some(
          ([status, response]) =>
            status.startsWith("2") &&
            status !== "204" &&
            !Object.values(response.content ?? {}).some((media) => media.schema),
        );
      return undescribed ? [`${method} ${path}`] : [];
    }),
  );
}
