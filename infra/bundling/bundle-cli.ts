/**
 * `node --import tsx infra/bundling/bundle-cli.ts <entry> <outdir>`: what the stack runs, during synth, for
 * each Lambda (CDK's local bundling is synchronous, and esbuild plugins need its asynchronous API).
 */
import { buildLambda } from './lambda-build.ts';

const [entry, outdir] = process.argv.slice(2);
if (entry === undefined || outdir === undefined) {
  process.stderr.write('usage: bundle-cli.ts <handler file> <output directory>\n');
  process.exit(2);
}
const metafile = await buildLambda(entry, outdir, process.cwd());
const bytes = Object.values(metafile.outputs).reduce((sum, output) => sum + output.bytes, 0);
process.stdout.write(`bundled ${entry}: ${(bytes / 1024).toFixed(1)} KiB\n`);
