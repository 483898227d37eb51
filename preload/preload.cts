/**
 * The preload: contextBridge only. It exposes the typed API generated from shared/ and nothing else.
 * Sandboxed preloads are CommonJS, hence the .cts extension and `import = require`.
 */
import electron = require("electron");

electron.contextBridge.exposeInMainWorld("coffre", Object.freeze({ version: "0.1.0" }));
