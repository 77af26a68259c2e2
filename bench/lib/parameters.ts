/**
 * What every benchmark run uses, printed in the report's `parameters`: the API's cost in the sandbox and
 * the size of each workload. Change them here; the bounds are computed from them and from the calls made.
 */
export const PARAMETERS = {
  /**
   * `npm run bench` must end within five minutes; the burst, whose retry back-off is random, gets what the
   * other sections leave of this and reports the executions still running then as unfinished.
   */
  budget_seconds: 285,
  api: {
    /** Added to every call of every service (SageMaker, Security Hub, DynamoDB), real milliseconds. */
    latency_ms: 20,
    /** Token bucket per SageMaker operation: refill rate, and size (the sandbox's default, 1 s of calls). */
    sagemaker_rate_per_second: 100,
    sagemaker_burst: 100,
  },
  audit: {
    models: 1000,
    endpoints: 200,
    endpoint_configs: 160,
    /** Every second model is isolated; the others need ListTags (exemption check) in `sm5 audit`. */
    isolated_every: 2,
    /** The sequential loop describes this many models and endpoints, then is scaled to the whole account. */
    sequential_sample_models: 250,
    sequential_sample_endpoints: 50,
  },
  remediate: {
    /** Measured runs (each in a fresh sandbox after one warm-up run); the median is reported. */
    runs: 3,
    /** Virtual clock: how long the endpoint update takes in the timed runs. */
    update_seconds: 60,
    /** Virtual clock: the update whose state transitions are counted. */
    long_update_seconds: 600,
  },
  burst: {
    models: 50,
    findings_per_model: 4,
    /** Real clock: back-off and rate limits must run on the same time (see docs/performance.md). */
    update_seconds: 2,
  },
  lambda: {
    /** Fresh processes per handler and baseline, one per round; ratios are of the medians. */
    import_runs: 31,
    /** The reference bundles only explain the ratios, so they take part in the first rounds only. */
    reference_runs: 11,
    /** Seeds the order of the imports within each round. */
    order_seed: 6,
  },
} as const;

export type Parameters = typeof PARAMETERS;
