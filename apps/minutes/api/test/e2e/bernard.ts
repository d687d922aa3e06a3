import path from "node:path";
import { startToolInBrowser } from "@bernard/launcher/testing";
import { launchChromium } from "@bernard/ui/testing";

const root = path.resolve(import.meta.dirname, "../../../../..");

/**
 * The portal and the summariser started as `pnpm start` would, on ports of their own and
 * throwaway data, with Chromium; `signedIn()` opens the summariser as someone (by default the
 * first admin).
 */
export async function startBernard(name: string, env: NodeJS.ProcessEnv = {}) {
  return startToolInBrowser({
    root,
    name,
    env,
    tool: "minutes",
    startHeading: "Meetings",
    browser: await launchChromium(),
  });
}
