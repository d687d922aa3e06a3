import "@bernard/ui/styles.scss";
import { initGovukFrontend } from "@bernard/ui";
import { StrictMode } from "react";
import { createRoot } from "react-dom/client";
import { HomePage } from "./home-page.js";

initGovukFrontend();
createRoot(document.getElementById("root")!).render(
  <StrictMode>
    <HomePage />
  </StrictMode>,
);
