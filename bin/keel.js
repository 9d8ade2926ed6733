#!/usr/bin/env node
// Entry for `npx keel` / a global install: Node 24 runs the TypeScript sources directly.
import '../src/cli/main.ts';
