export { readLauncherConfig, LaunchError, type LauncherConfig } from "./config.js";
export { launch, type Launched, type Mode } from "./start.js";
export { discoverApps, type App } from "./apps.js";
