import "@bernard/ui/styles.scss";
import { initGovukFrontend } from "@bernard/ui";
import { StrictMode } from "react";
import { createRoot } from "react-dom/client";
import { App } from "./app.js";

initGovukFrontend();
createRoot(document.getElementById("root")!).render(
  <StrictMode>
    <App />
  </StrictMode>,
);
