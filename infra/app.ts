import { isSm5Error } from '../src/domain/errors.ts';
import { createApp } from './create-app.ts';

try {
  createApp().app.synth();
} catch (error) {
  // A configuration mistake is the user's to fix: show the message, not a stack trace.
  if (!isSm5Error(error)) throw error;
  process.stderr.write(`${error.message}\n`);
  process.exitCode = 1;
}
