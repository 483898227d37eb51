// Builds the React renderer (renderer/) with Vite into renderer/dist, where the app:// protocol serves it from.
// No config file: everything the build needs is here, so `npm run build` works the same on a fresh clone.
// CSP-friendly output: module scripts and CSS files only (no inline script, no inline style, no eval).
import react from "@vitejs/plugin-react";
import { fileURLToPath } from "node:url";
import { build } from "vite";

const root = fileURLToPath(new URL("../renderer/", import.meta.url));

await build({
  configFile: false,
  root,
  base: "./",
  logLevel: process.env.COFFRE_BUILD_VERBOSE ? "info" : "warn",
  plugins: [react()],
  build: {
    outDir: "dist",
    emptyOutDir: true,
    target: "chrome130",
    sourcemap: false,
    // The preload polyfill would be a small inline-free script anyway; Chromium supports modulepreload.
    modulePreload: { polyfill: false },
    // Keep images as files: data: URLs are allowed by the CSP but files keep the bundle smaller.
    assetsInlineLimit: 0,
    chunkSizeWarningLimit: 1500,
  },
});
