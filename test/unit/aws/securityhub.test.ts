import {
  AccessDeniedException,
  BatchUpdateFindingsCommand,
  BatchUpdateFindingsV2Command,
  SecurityHubClient,
  ThrottlingException,
} from '@aws-sdk/client-securityhub';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import { MAX_NOTE_LENGTH, securityHubGateway, truncateNote } from '../../../src/aws/securityhub.ts';
import { AccessDeniedError, FindingUpdateError, ThrottledError } from '../../../src/domain/errors.ts';
import type { FindingWorkflowStatus } from '../../../src/domain/ports.ts';
import type { FindingRef } from '../../../src/domain/request.ts';

const hub = mockClient(SecurityHubClient);
const gateway = () => securityHubGateway(new SecurityHubClient({ region: 'us-east-1' }));

const asff: FindingRef = {
  api: 'asff',
  id: 'arn:aws:securityhub:us-east-1:123456789012:security-control/SageMaker.5/finding/0b1c',
  productArn: 'arn:aws:securityhub:us-east-1::product/aws/securityhub',
};
const ocsf: FindingRef = {
  api: 'ocsf',
  findingInfoUid: 'arn:aws:securityhub:us-east-1:123456789012:security-control/SageMaker.5/finding/9f8e',
  cloudAccountUid: '123456789012',
  metadataProductUid: 'arn:aws:securityhub:us-east-1::productv2/aws/securityhub',
};

beforeEach(() => {
  hub.reset();
  hub.on(BatchUpdateFindingsCommand).resolves({ ProcessedFindings: [], UnprocessedFindings: [] });
  hub.on(BatchUpdateFindingsV2Command).resolves({ ProcessedFindings: [], UnprocessedFindings: [] });
});

describe('ASFF findings', () => {
  it('go through BatchUpdateFindings with the workflow status and a note by sm5', async () => {
    // Act
    await gateway().updateFinding(asff, { status: 'RESOLVED', note: 'sm5: model m replaced by m-iso-1' });

    // Assess
    expect(hub).toHaveReceivedCommandExactlyOnceWith(BatchUpdateFindingsCommand, {
      FindingIdentifiers: [{ Id: asff.id, ProductArn: asff.productArn }],
      Workflow: { Status: 'RESOLVED' },
      Note: { Text: 'sm5: model m replaced by m-iso-1', UpdatedBy: 'sm5' },
    });
    expect(hub).not.toHaveReceivedCommand(BatchUpdateFindingsV2Command);
  });

  it('send no Note when the note is empty', async () => {
    // Act
    await gateway().updateFinding(asff, { status: 'NOTIFIED', note: '' });

    // Assess
    const sent = hub.commandCalls(BatchUpdateFindingsCommand)[0]?.args[0].input;
    expect(sent?.Workflow).toEqual({ Status: 'NOTIFIED' });
    expect(sent).not.toHaveProperty('Note');
  });

  it('fail with the code and message of an unprocessed finding despite the 200', async () => {
    // Prepare
    hub.on(BatchUpdateFindingsCommand).resolves({
      ProcessedFindings: [],
      UnprocessedFindings: [
        {
          FindingIdentifier: { Id: asff.id, ProductArn: asff.productArn },
          ErrorCode: 'FindingNotFound',
          ErrorMessage: 'Finding Not Found',
        },
      ],
    });

    // Act
    const failure = gateway().updateFinding(asff, { status: 'RESOLVED', note: 'done' });

    // Assess
    await expect(failure).rejects.toBeInstanceOf(FindingUpdateError);
    await expect(failure).rejects.toThrow(
      `BatchUpdateFindings did not update finding ${asff.id}: FindingNotFound: Finding Not Found`,
    );
  });

  it('translate an SDK failure', async () => {
    // Prepare
    hub
      .on(BatchUpdateFindingsCommand)
      .rejects(new ThrottlingException({ message: 'Rate exceeded', $metadata: { httpStatusCode: 429 } }));

    // Act / Assess
    await expect(gateway().updateFinding(asff, { status: 'NOTIFIED', note: 'x' })).rejects.toBeInstanceOf(
      ThrottledError,
    );
  });
});

describe('OCSF findings', () => {
  it.each<[FindingWorkflowStatus, number]>([
    ['NEW', 1],
    ['NOTIFIED', 2],
    ['SUPPRESSED', 3],
    ['RESOLVED', 4],
  ])('go through BatchUpdateFindingsV2, %s as StatusId %i', async (status, statusId) => {
    // Act
    await gateway().updateFinding(ocsf, { status, note: 'sm5 note' });

    // Assess
    expect(hub).toHaveReceivedCommandExactlyOnceWith(BatchUpdateFindingsV2Command, {
      FindingIdentifiers: [
        {
          CloudAccountUid: '123456789012',
          FindingInfoUid: ocsf.findingInfoUid,
          MetadataProductUid: ocsf.metadataProductUid,
        },
      ],
      Comment: 'sm5 note',
      StatusId: statusId,
    });
    expect(hub).not.toHaveReceivedCommand(BatchUpdateFindingsCommand);
  });

  it('fail with the code and message of an unprocessed finding despite the 200', async () => {
    // Prepare
    hub.on(BatchUpdateFindingsV2Command).resolves({
      ProcessedFindings: [],
      UnprocessedFindings: [
        { ErrorCode: 'ResourceNotFoundException', ErrorMessage: 'finding does not exist' },
      ],
    });

    // Act
    const failure = gateway().updateFinding(ocsf, { status: 'RESOLVED', note: 'done' });

    // Assess
    await expect(failure).rejects.toBeInstanceOf(FindingUpdateError);
    await expect(failure).rejects.toThrow('ResourceNotFoundException: finding does not exist');
  });

  it('translate an SDK failure', async () => {
    // Prepare
    hub
      .on(BatchUpdateFindingsV2Command)
      .rejects(new AccessDeniedException({ message: 'not allowed', $metadata: { httpStatusCode: 403 } }));

    // Act / Assess
    await expect(gateway().updateFinding(ocsf, { status: 'RESOLVED', note: 'x' })).rejects.toBeInstanceOf(
      AccessDeniedError,
    );
  });
});

describe('notes longer than the APIs accept', () => {
  it('are cut to 512 characters on both APIs', async () => {
    // Prepare
    const long = 'x'.repeat(600);
    const port = gateway();

    // Act
    await port.updateFinding(asff, { status: 'RESOLVED', note: long });
    await port.updateFinding(ocsf, { status: 'RESOLVED', note: long });

    // Assess
    const v1 = hub.commandCalls(BatchUpdateFindingsCommand)[0]?.args[0].input.Note?.Text;
    const v2 = hub.commandCalls(BatchUpdateFindingsV2Command)[0]?.args[0].input.Comment;
    expect(v1).toHaveLength(MAX_NOTE_LENGTH);
    expect(v1).toBe(`${'x'.repeat(511)}…`);
    expect(v2).toBe(v1);
  });

  it('are left alone up to exactly 512 characters', () => {
    // Prepare
    const exact = 'y'.repeat(512);

    // Act / Assess
    expect(truncateNote(exact)).toBe(exact);
  });

  it('never split a character made of two UTF-16 units, and count units so either way of counting fits', () => {
    // Prepare: 600 emoji, each a surrogate pair
    const emoji = '🔒'.repeat(600);

    // Act
    const cut = truncateNote(emoji);

    // Assess: 255 emoji (510 units) and the one-unit marker; a 256th would need 513 units
    expect(cut).toBe(`${'🔒'.repeat(255)}…`);
    expect(cut.length).toBeLessThanOrEqual(MAX_NOTE_LENGTH);
  });
});
