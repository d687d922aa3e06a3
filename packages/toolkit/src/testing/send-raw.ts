import http from "node:http";

export interface RawResponse {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: string;
}

/**
 * Sends a request with its path exactly as written (fetch and URL would resolve dot segments,
 * turn `\` into `/` and re-encode), to test how a server reads odd spellings.
 */
export function sendRaw(
  origin: string,
  request: { method: string; path: string; headers?: Record<string, string>; body?: string },
): Promise<RawResponse> {
  const { hostname, port } = new URL(origin);
  return new Promise((resolve, reject) => {
    const outgoing = http.request(
      {
        hostname,
        port,
        method: request.method,
        path: request.path,
        headers: {
          ...(request.body === undefined
            ? {}
            : {
                "content-type": "application/json",
                "content-length": String(Buffer.byteLength(request.body)),
              }),
          ...request.headers,
        },
        agent: false,
      },
      (response) => {
        const answer = { status: response.statusCode ?? 0, headers: response.headers };
        if (request.method === "HEAD") {
          // No body follows (a server that sends one anyway would only confuse the parser).
          resolve({ ...answer, body: "" });
          outgoing.destroy();
          return;
        }
        const chunks: Buffer[] = [];
        response.on("data", (chunk: Buffer) => chunks.push(chunk));
        response.on("end", () =>
          resolve({ ...answer, body: Buffer.concat(chunks).toString("utf8") }),
        );
        response.on("error", reject);
      },
    );
    outgoing.on("error", (error) =>
      reject(new Error(`${request.method} ${request.path}: ${error.message}`, { cause: error })),
    );
    outgoing.end(request.body);
  });
}
