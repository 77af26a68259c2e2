import type * as z from '../zod.ts';

const IDENTIFIER = /^[A-Za-z_$][\w$-]*$/;

/** `detail.findings[0]["aws/securityhub/FindingId"]`: the path as a reader would write it. */
export function formatPath(root: string, path: readonly PropertyKey[]): string {
  return path.reduce<string>((acc, key) => {
    if (typeof key === 'number') return `${acc}[${key}]`;
    const name = String(key);
    if (IDENTIFIER.test(name)) return acc ? `${acc}.${name}` : name;
    return `${acc}[${JSON.stringify(name)}]`;
  }, root);
}

/** The first few zod issues, each with the path it is about, in one line. */
export function describeIssues(error: z.core.$ZodError, root: string, max = 3): string {
  const shown = error.issues
    .slice(0, max)
    .map((issue) => `${formatPath(root, issue.path) || '(input)'}: ${issue.message}`);
  const more = error.issues.length - max;
  return more > 0 ? `${shown.join('; ')}; and ${more} more` : shown.join('; ');
}
