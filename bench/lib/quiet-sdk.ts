/**
 * Imported first by run.ts: the SDK warns once per process on Node 20 about its releases after January 2027
 * (see bin/sm5.js), and the workflow's handler modules build their clients as they load, before any of
 * run.ts's own code runs.
 */
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
