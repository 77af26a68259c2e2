import { GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import { describe, expect, it } from 'vitest';
import { sandbox } from './helpers.ts';

describe('STS on the sandbox port', () => {
  it('answers GetCallerIdentity with the sandbox account and user', async () => {
    // Prepare
    const sb = await sandbox();
    const sts = new STSClient({ ...sb.clientConfig(), maxAttempts: 1 });

    // Act
    const identity = await sts.send(new GetCallerIdentityCommand({}));

    // Assess
    expect(identity).toMatchObject({
      Account: sb.account,
      Arn: `arn:aws:iam::${sb.account}:user/sandbox`,
      UserId: expect.stringMatching(/^AIDA/),
    });
    expect(sb.requestLog.map((entry) => [entry.service, entry.operation, entry.status])).toEqual([
      ['sts', 'GetCallerIdentity', 200],
    ]);
  });

  it('answers an action it does not know with an XML InvalidAction error', async () => {
    // Prepare
    const sb = await sandbox();

    // Act
    const response = await fetch(sb.url, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded; charset=utf-8' },
      body: 'Action=AssumeRole&Version=2011-06-15',
    });
    const body = await response.text();

    // Assess
    expect(response.status).toBe(400);
    expect(body).toContain('<Code>InvalidAction</Code>');
  });
});
