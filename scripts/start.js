// `npm start`: the desktop app where Electron can run, otherwise the CLI demo on the bundled samples.
import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import { createRequire } from "node:module";

const require = createRequire(import.meta.url);

function electronBinary() {
  try {
    const path = require("electron");
    return typeof path === "string" && existsSync(path) ? path : null;
  } catch {
    return null; // installed with ELECTRON_SKIP_BINARY_DOWNLOAD: no binary
  }
}

const hasDisplay = process.platform !== "linux" || Boolean(process.env.DISPLAY || process.env.WAYLAND_DISPLAY);
const binary = electronBinary();

if (binary && hasDisplay) {
  const result = spawnSync(binary, ["."], { stdio: "inherit" });
  process.exit(result.status ?? 1);
} else {
  console.log(`coffre: ${binary ? "no display" : "no Electron binary on this machine"}; running the CLI demo instead.\n`);
  const result = spawnSync(process.execPath, ["scripts/demo.js"], { stdio: "inherit" });
  process.exit(result.status ?? 1);
}
