#!/usr/bin/env node
// The CLI is TypeScript run by Node 24's type stripping; the project's `node` dev dependency
// puts Node 24 first on PATH for npm scripts and npx.
await import("../src/cli/main.ts");
