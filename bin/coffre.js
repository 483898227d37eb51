#!/usr/bin/env node
// The `coffre` command. The TypeScript sources are compiled to dist/ by `npm install` (prepare) or `npm run build`.
import { main } from "../dist/main/cli/main.js";

process.exitCode = await main(process.argv.slice(2));
