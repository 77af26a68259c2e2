#!/usr/bin/env node
// Runs the TypeScript sources through tsx, so `node bin/sm5.js` works in a fresh clone right after `npm ci`.
import { register } from 'tsx/esm/api';

register();
await import('../src/cli/main.ts');
