import "@bernard/ui/styles.scss";
import { mountApp } from "@bernard/ui";
import { router } from "./app.js";

mountApp(router);
