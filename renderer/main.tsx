import { StrictMode } from "react";
import { createRoot } from "react-dom/client";
import { z } from "zod";
import { App } from "./app/App.js";
import { applySavedLanguage, initI18n } from "./i18n/index.js";
import "./styles/app.css";

// No `new Function` in zod's parsers: the CSP (script-src 'self') forbids eval, and zod would probe for it.
z.config({ jitless: true });
initI18n();
void applySavedLanguage();
const root = document.getElementById("root");
if (root) {
  createRoot(root).render(
    <StrictMode>
      <App />
    </StrictMode>,
  );
}
