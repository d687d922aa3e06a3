export * from "./api.js";
export * from "./components/content.js";
export * from "./components/forms.js";
export * from "./components/job-progress.js";
export * from "./components/layout.js";
export * from "./components/tool-page.js";
export * from "./dates.js";
export { formatPageTitle, usePageTitle } from "./page-title.js";
export { initGovukFrontend, useGovukComponent } from "./govuk.js";
