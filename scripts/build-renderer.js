// Places the renderer's static files in renderer/dist, where the app:// protocol serves them from.
// (The React/Vite build replaces this when the UI lands.)
import { cpSync, mkdirSync } from "node:fs";

mkdirSync("renderer/dist", { recursive: true });
cpSync("renderer/index.html", "renderer/dist/index.html");
