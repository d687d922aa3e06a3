import type { FastifyInstance } from "fastify";

/**
 * Listens on the port and closes cleanly on SIGINT/SIGTERM: stops taking requests, lets running
 * ones finish, hands running jobs back to the queue, closes database connections. A second
 * signal exits at once.
 */
export async function listenUntilStopped(
  server: FastifyInstance,
  options: { port: number; host?: string },
): Promise<string> {
  let stopping = false;
  const stop = (signal: NodeJS.Signals) => {
    if (stopping) process.exit(1);
    stopping = true;
    server.log.info({ signal }, "stopping");
    server.close().then(
      () => process.exit(0),
      (error: unknown) => {
        server.log.error({ err: error }, "error while stopping");
        process.exit(1);
      },
    );
  };
  process.on("SIGINT", stop);
  process.on("SIGTERM", stop);
  return server.listen({ port: options.port, host: options.host ?? "127.0.0.1" });
}
