import { AddTagsCommand, DeleteTagsCommand, ListTagsCommand } from '@aws-sdk/client-sagemaker';
import { describe, expect, it } from 'vitest';
import { failure, sandboxWithClient, singleEndpointScenario } from './helpers.ts';

const ARN = 'arn:aws:sagemaker:us-east-1:111122223333';

describe('AddTags, ListTags, DeleteTags', () => {
  it.each([
    ['model', `${ARN}:model/live-model`],
    ['endpoint config', `${ARN}:endpoint-config/live-config`],
    ['endpoint', `${ARN}:endpoint/live`],
  ])('tags a %s by ARN, overwriting a key that exists', async (_kind, arn) => {
    // Prepare
    const { sm } = await sandboxWithClient(singleEndpointScenario('live'));
    await sm.send(
      new AddTagsCommand({
        ResourceArn: arn,
        Tags: [
          { Key: 'owner', Value: 'alice' },
          { Key: 'tier', Value: '1' },
        ],
      }),
    );

    // Act
    const added = await sm.send(
      new AddTagsCommand({ ResourceArn: arn, Tags: [{ Key: 'owner', Value: 'bob' }] }),
    );
    const listed = await sm.send(new ListTagsCommand({ ResourceArn: arn }));

    // Assess
    expect(added.Tags).toEqual([{ Key: 'owner', Value: 'bob' }]);
    expect(listed.Tags).toEqual([
      { Key: 'owner', Value: 'bob' },
      { Key: 'tier', Value: '1' },
    ]);
  });

  it('accepts an ARN whose name has capitals, as the resource ARN is case-insensitive', async () => {
    // Prepare
    const { sm } = await sandboxWithClient(singleEndpointScenario('live'));

    // Act
    await sm.send(
      new AddTagsCommand({ ResourceArn: `${ARN}:model/Live-Model`, Tags: [{ Key: 'k', Value: 'v' }] }),
    );
    const listed = await sm.send(new ListTagsCommand({ ResourceArn: `${ARN}:model/live-model` }));

    // Assess
    expect(listed.Tags).toEqual([{ Key: 'k', Value: 'v' }]);
  });

  it('deletes the named keys only', async () => {
    // Prepare
    const { sm } = await sandboxWithClient(singleEndpointScenario('live'));
    const arn = `${ARN}:endpoint/live`;
    await sm.send(
      new AddTagsCommand({
        ResourceArn: arn,
        Tags: [
          { Key: 'a', Value: '1' },
          { Key: 'b', Value: '2' },
          { Key: 'c', Value: '3' },
        ],
      }),
    );

    // Act
    await sm.send(new DeleteTagsCommand({ ResourceArn: arn, TagKeys: ['a', 'c', 'absent'] }));
    const listed = await sm.send(new ListTagsCommand({ ResourceArn: arn }));

    // Assess
    expect(listed.Tags).toEqual([{ Key: 'b', Value: '2' }]);
  });

  it('refuses tags on a resource that does not exist, and more than 50 tags on one resource', async () => {
    // Prepare
    const { sm } = await sandboxWithClient(singleEndpointScenario('live'));
    const arn = `${ARN}:model/live-model`;
    await sm.send(
      new AddTagsCommand({
        ResourceArn: arn,
        Tags: Array.from({ length: 40 }, (_, i) => ({ Key: `k${i}`, Value: 'v' })),
      }),
    );

    // Act
    const missing = await failure(
      sm.send(new AddTagsCommand({ ResourceArn: `${ARN}:model/ghost`, Tags: [{ Key: 'k', Value: 'v' }] })),
    );
    const tooMany = await failure(
      sm.send(
        new AddTagsCommand({
          ResourceArn: arn,
          Tags: Array.from({ length: 11 }, (_, i) => ({ Key: `new${i}`, Value: 'v' })),
        }),
      ),
    );

    // Assess
    expect(missing.name).toBe('ValidationException');
    expect(missing.message).toBe(`Could not find model "${ARN}:model/ghost".`);
    expect(tooMany.name).toBe('ValidationException');
    expect((await sm.send(new ListTagsCommand({ ResourceArn: arn }))).Tags).toHaveLength(40);
  });

  it('validates the ARN, the tag key pattern and ListTags MaxResults', async () => {
    // Prepare
    const { sm } = await sandboxWithClient(singleEndpointScenario('live'));

    // Act
    const badArn = await failure(sm.send(new ListTagsCommand({ ResourceArn: 'arn:aws:s3:::bucket' })));
    const badKey = await failure(
      sm.send(
        new AddTagsCommand({
          ResourceArn: `${ARN}:model/live-model`,
          Tags: [{ Key: 'bad#key', Value: 'v' }],
        }),
      ),
    );
    const smallPage = await failure(
      sm.send(new ListTagsCommand({ ResourceArn: `${ARN}:model/live-model`, MaxResults: 10 })),
    );

    // Assess
    expect(badArn.message).toBe(
      "1 validation error detected: Value 'arn:aws:s3:::bucket' at 'resourceArn' failed to satisfy constraint: Member must satisfy regular expression pattern: ^arn:aws[a-z-]*:sagemaker:[a-z0-9-]*:[0-9]{12}:.+",
    );
    expect(badKey.message).toContain(
      "at 'tags.1.member.key' failed to satisfy constraint: Member must satisfy regular expression pattern",
    );
    expect(smallPage.message).toBe(
      "1 validation error detected: Value '10' at 'maxResults' failed to satisfy constraint: Member must have value greater than or equal to 50",
    );
  });
});
