import { execFileSync } from "node:child_process";
import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { createServer, type Server } from "node:https";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import { rootCertificates } from "node:tls";
import { afterAll, beforeAll, expect, it } from "vitest";
import { toolConnectOptions } from "../src/services/tool-registry.js";
import { ADMIN, signInHeaders, startTestPortal } from "./portal-server.js";

/**
 * A tool served over HTTPS with a certificate from a private authority: the gateway and the tool
 * registry refuse it until that authority is configured (BERNARD_TOOLS_CA).
 */
let directory: string;
let ca: string;
let tool: Server;
let toolUrl: string;
const portals: Awaited<ReturnType<typeof startTestPortal>>[] = [];

const MANIFEST = {
  id: "secure",
  name: "Secure tool",
  description: "Reached over HTTPS",
  version: "1.0.0",
  basePath: "/tools/secure/",
  roles: ["user", "admin"],
};

beforeAll(async () => {
  directory = await mkdtemp(path.join(tmpdir(), "bernard-tls-"));
  const file = (name: string) => path.join(directory, name);
  const openssl = (...args: string[]) => execFileSync("openssl", args, { stdio: "pipe" });
  openssl(
    "req",
    "-x509",
    "-newkey",
    "rsa:2048",
    "-nodes",
    "-days",
    "1",
    "-subj",
    "/CN=Test authority",
    "-keyout",
    file("ca.key"),
    "-out",
    file("ca.pem"),
  );
  openssl(
    "req",
    "-newkey",
    "rsa:2048",
    "-nodes",
    "-subj",
    "/CN=127.0.0.1",
    "-keyout",
    file("tool.key"),
    "-out",
    file("tool.csr"),
  );
  await writeFile(file("tool.ext"), "subjectAltName = IP:127.0.0.1\n");
  openssl(
    "x509",
    "-req",
    "-in",
    file("tool.csr"),
    "-CA",
    file("ca.pem"),
    "-CAkey",
    file("ca.key"),
    "-CAcreateserial",
    "-days",
    "1",
    "-extfile",
    file("tool.ext"),
    "-out",
    file("tool.pem"),
  );
  ca = await readFile(file("ca.pem"), "utf8");
  tool = createServer(
    { key: await readFile(file("tool.key")), cert: await readFile(file("tool.pem")) },
    (request, response) => {
      response.setHeader("content-type", "application/json");
      response.end(
        JSON.stringify(request.url === "/manifest" ? MANIFEST : { answered: request.url }),
      );
    },
  );
  await new Promise<void>((resolve) => tool.listen(0, "127.0.0.1", resolve));
  toolUrl = `https://127.0.0.1:${(tool.address() as AddressInfo).port}`;
});

afterAll(async () => {
  for (const portal of portals) await portal.server.close();
  await new Promise((resolve) => tool?.close(resolve));
  await rm(directory, { recursive: true, force: true });
});

async function portalTrusting(toolsCa: string | undefined) {
  const portal = await startTestPortal({ tools: [{ id: "secure", url: toolUrl }], toolsCa });
  portals.push(portal);
  const headers = await signInHeaders(portal.url, ADMIN.email, ADMIN.password);
  const through = await fetch(`${portal.url}/tools/secure/api/hello`, { headers });
  const tools = await (await fetch(`${portal.url}/api/admin/tools`, { headers })).json();
  return { through, status: tools.find((entry: { id: string }) => entry.id === "secure").status };
}

it("refuses a tool whose certificate no trusted authority signed", async () => {
  const { through, status } = await portalTrusting(undefined);
  expect(through.status).toBe(502);
  expect((await through.json()).error.code).toBe("TOOL_UNREACHABLE");
  expect(status).toMatchObject({ state: "unreachable" });
});

it("reaches the tool once its authority is configured", async () => {
  const { through, status } = await portalTrusting(ca);
  expect(through.status).toBe(200);
  expect(await through.json()).toEqual({ answered: "/tools/secure/api/hello" });
  expect(status).toEqual({ state: "healthy" });
});

it("closes its connections to the tool (gateway and registry) when the portal closes", async () => {
  const openConnections = () =>
    new Promise<number>((resolve, reject) =>
      tool.getConnections((error, count) => (error ? reject(error) : resolve(count))),
    );
  expect(await openConnections()).toBeGreaterThan(0);
  for (const portal of portals.splice(0)) await portal.server.close();
  await expect.poll(openConnections, { timeout: 2_000 }).toBe(0);
});

it("trusts the configured authority besides Node's own, so tools with public certificates still work", () => {
  const trusted = toolConnectOptions(ca).ca ?? [];
  expect(trusted).toContain(ca);
  expect(trusted).toEqual(expect.arrayContaining([...rootCertificates]));
  expect(toolConnectOptions(undefined)).toEqual({ rejectUnauthorized: true });
});
