#!/usr/bin/env node
// Runs the TypeScript sources through tsx, so `node bin/sm5.js` works in a fresh clone right after `npm ci`.
import { register } from 'tsx/esm/api';

// The SDK warns on Node 20 about releases after January 2027; sm5 pins its SDK in package-lock.json and
// supports Node 20 (engines), so the warning would only clutter every command's output.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
register();
await import('../src/cli/main.ts');
