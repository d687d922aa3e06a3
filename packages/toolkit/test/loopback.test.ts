import type { AddressInfo } from "node:net";
import { afterEach, expect, it } from "vitest";
import { createToolServer, defineTool, listenUntilStopped, readToolConfig } from "../src/index.js";

const manifest = defineTool({
  id: "loopback",
  name: "Loopback",
  description: "Listens where it is told.",
  version: "1.0.0",
  basePath: "/tools/loopback/",
});

let close: (() => Promise<void>) | undefined;
afterEach(async () => {
  await close?.();
  close = undefined;
});

it("listens on loopback only, unless HOST says otherwise", async () => {
  const env = {
    DATABASE_URL: "postgresql://x@localhost/x",
    BERNARD_PORTAL_URL: "http://127.0.0.1:1",
  };
  expect(readToolConfig(manifest, env, { port: 3999 }).host).toBe("127.0.0.1");
  expect(readToolConfig(manifest, { ...env, HOST: "0.0.0.0" }, { port: 3999 }).host).toBe(
    "0.0.0.0",
  );

  // A tool started without a host is not reachable from another machine.
  const server = await createToolServer({
    manifest,
    verifyUserToken: async () => {
      throw new Error("no tokens in this test");
    },
    logger: false,
  });
  close = () => server.close();
  await listenUntilStopped(server, { port: 0 });
  expect((server.server.address() as AddressInfo).address).toBe("127.0.0.1");
});
