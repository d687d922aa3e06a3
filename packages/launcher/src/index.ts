export { readLauncherConfig, LaunchError, type LauncherConfig } from "./config.js";
export { launch, type Launched, type Mode } from "./start.js";
