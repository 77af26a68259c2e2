import 'aws-sdk-client-mock-vitest/extend';

// See bin/sm5.js: the SDK's Node 20 notice is noise in test output.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
