#!/usr/bin/env node
// The TypeScript command line runs as it is: Node.js 24 strips the types, so the checkout needs no build step.
await import('../src/cli/main.ts');
