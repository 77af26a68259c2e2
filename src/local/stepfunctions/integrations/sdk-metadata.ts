/**
 * Optimized integrations run on the AWS SDK for Java inside Step Functions, and their task results carry its
 * response metadata next to the API's own fields.
 */
export function sdkMetadata(requestId: string, status = 200, contentType = 'application/x-amz-json-1.0') {
  const headers = { 'Content-Type': contentType, 'x-amzn-RequestId': requestId };
  return {
    SdkHttpMetadata: {
      AllHttpHeaders: Object.fromEntries(Object.entries(headers).map(([name, value]) => [name, [value]])),
      HttpHeaders: headers,
      HttpStatusCode: status,
    },
    SdkResponseMetadata: { RequestId: requestId },
  };
}
