import { createServer } from "node:net";
import { LaunchError } from "./config.js";

/** Fails with the name of the setting to change when something else already listens on the port. */
export async function assertPortFree(port: number, host: string, setting: string): Promise<void> {
  const free = await new Promise<boolean>((resolve) => {
    const server = createServer();
    server.once("error", () => resolve(false));
    server.listen(port, host, () => server.close(() => resolve(true)));
  });
  if (!free) {
    throw new LaunchError(
      `Port ${port} on ${host} is already in use. Stop whatever is using it, or choose another port with ${setting}=<port>.`,
    );
  }
}
