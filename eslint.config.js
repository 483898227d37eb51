// Lint rules that keep the layers of docs/architecture.md honest. See ../shared/style.md.
import js from "@eslint/js";
import tseslint from "typescript-eslint";

const SQL_CALLS = "CallExpression[callee.property.name=/^(prepare|pragma|exec|transaction|key|rekey)$/][callee.object.name=/^(db|database)$/]";

export default tseslint.config(
  { ignores: ["dist/**", "node_modules/**", "coverage/**", "release/**", "tests/.tmp/**", "renderer/dist/**"] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { process: "readonly", Buffer: "readonly", console: "readonly", URL: "readonly" } },
    rules: {
      "@typescript-eslint/no-explicit-any": "error",
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_" }],
      "@typescript-eslint/consistent-type-imports": "error",
      "no-restricted-properties": ["error", { object: "Math", property: "random", message: "Use node:crypto for anything random." }],
      eqeqeq: ["error", "always"],
    },
  },
  {
    // shared/ is the contract: it imports nothing of ours and nothing of Node or Electron.
    files: ["shared/**/*.ts"],
    rules: {
      "no-restricted-imports": ["error", { patterns: ["../main/*", "../renderer/*", "../preload/*", "node:*", "electron"] }],
    },
  },
  {
    // Only main/app/ knows Electron; only main/vault/ knows the database driver and writes SQL.
    files: ["main/**/*.ts"],
    ignores: ["main/app/**", "main/vault/**"],
    rules: {
      "no-restricted-imports": [
        "error",
        {
          paths: [
            { name: "electron", message: "Only main/app/ imports electron." },
            { name: "better-sqlite3-multiple-ciphers", message: "SQL lives only in main/vault/." },
          ],
          patterns: ["../../renderer/*", "../renderer/*"],
        },
      ],
      "no-restricted-syntax": ["error", { selector: SQL_CALLS, message: "SQL lives only in main/vault/: add a named query function there." }],
    },
  },
  {
    files: ["main/vault/**/*.ts"],
    rules: { "no-restricted-imports": ["error", { paths: [{ name: "electron", message: "Only main/app/ imports electron." }] }] },
  },
  {
    files: ["main/crypto/**/*.ts"],
    rules: {
      "no-restricted-imports": [
        "error",
        { patterns: ["node:fs", "node:fs/*", "node:net", "node:child_process", "../vault/*", "../auth/*"], paths: ["electron"] },
      ],
    },
  },
  {
    // Sandboxed preloads are CommonJS: `import x = require(...)` is the only form there.
    files: ["preload/**/*.cts"],
    rules: { "@typescript-eslint/no-require-imports": "off" },
  },
  {
    files: ["renderer/**/*.{ts,tsx}"],
    rules: { "no-restricted-imports": ["error", { patterns: ["../main/*", "../../main/*", "node:*", "electron"] }] },
  },
);
