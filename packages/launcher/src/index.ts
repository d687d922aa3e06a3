export { readLauncherConfig, LaunchError, type LauncherConfig } from "./config.js";
export { launch, type Launched, type Mode } from "./start.js";
export { discoverApps, registeredApps, type App, type RegisteredApp } from "./apps.js";
