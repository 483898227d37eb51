import { dirname, join, relative } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";

/**
 * The URL of a worker thread's script, next to the module that starts it. Workers always run compiled
 * JavaScript: when the caller itself runs from TypeScript sources (tests, tsx), the same path under dist/
 * is used (`npm run build` makes it).
 */
export function workerScriptUrl(relativePath: string, fromModuleUrl: string): URL {
  const url = new URL(relativePath, fromModuleUrl);
  if (!fromModuleUrl.endsWith(".ts")) return url;
  const repositoryRoot = dirname(dirname(fileURLToPath(import.meta.url)));
  return pathToFileURL(join(repositoryRoot, "dist", relative(repositoryRoot, fileURLToPath(url))));
}
