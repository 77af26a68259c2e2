import { describe, expect, it } from 'vitest';
import { ThrottledError } from '../../../../src/domain/errors.ts';
import {
  discoverServingMap,
  isConfigInUse,
  isModelInUse,
  servedByOf,
} from '../../../../src/domain/plan/discover-serving-map.ts';
import { createLimiter } from '../../../../src/domain/plan/limiter.ts';
import type { SageMakerPort } from '../../../../src/domain/ports.ts';
import { FakeSageMaker } from '../fakes/fake-sagemaker.ts';
import { config, model, variant } from '../fakes/scenario.ts';

function account(): FakeSageMaker {
  const sagemaker = new FakeSageMaker()
    .seedModel(model('a'))
    .seedModel(model('b'))
    .seedModel(model('idle'))
    .seedConfig(config('shared', [variant('v', 'a')], [variant('shadow', 'b')]))
    .seedConfig(config('solo', [variant('v', 'B')]));
  for (let i = 0; i < 12; i++) sagemaker.seedEndpoint(`shared-${i}`, 'shared');
  return sagemaker.seedEndpoint('solo-ep', 'solo');
}

describe('discoverServingMap', () => {
  it('maps every model to the endpoints that run it, in production and shadow variants', async () => {
    const map = await discoverServingMap({ sagemaker: account() });
    expect(servedByOf(map, 'a')).toHaveLength(12);
    expect(
      servedByOf(map, 'b')
        .map((r) => [r.endpointName, r.kind])
        .slice(-2),
    ).toEqual([
      ['shared-11', 'shadow'],
      ['solo-ep', 'production'],
    ]);
    expect(isModelInUse(map, 'idle')).toBe(false);
    expect(isConfigInUse(map, 'SOLO')).toBe(true);
  });

  it('lists endpoints once, describes each endpoint once and each distinct config once', async () => {
    const sagemaker = account();
    await discoverServingMap({ sagemaker });
    expect(sagemaker.count('listEndpoints')).toBe(1);
    expect(sagemaker.count('describeEndpoint')).toBe(13);
    expect(sagemaker.count('describeEndpointConfig')).toBe(2);
    expect(sagemaker.count('listInferenceComponents')).toBe(0);
  });

  it('counts the config an update is moving an endpoint to as in use', async () => {
    const sagemaker = new FakeSageMaker()
      .seedModel(model('old'))
      .seedModel(model('new'))
      .seedConfig(config('c-old', [variant('v', 'old')]))
      .seedConfig(config('c-new', [variant('v', 'new')]))
      .seedEndpoint('e', 'c-old');
    await sagemaker.updateEndpoint({ EndpointName: 'e', EndpointConfigName: 'c-new' });
    const map = await discoverServingMap({ sagemaker });
    expect(isConfigInUse(map, 'c-new')).toBe(true);
    expect(servedByOf(map, 'new')).toMatchObject([
      { endpointName: 'e', pending: true, endpointStatus: 'Updating' },
    ]);
  });

  it('flags endpoints whose config no longer exists: nobody can tell which models they run', async () => {
    const sagemaker = new FakeSageMaker().seedEndpoint('orphan', 'deleted-config');
    const map = await discoverServingMap({ sagemaker });
    expect(map.opaqueEndpoints.map((e) => e.name)).toEqual(['orphan']);
  });

  it('skips an endpoint deleted between the list and the describe', async () => {
    const sagemaker = account();
    const port: SageMakerPort = Object.assign(Object.create(sagemaker), {
      describeEndpoint: async (name: string) =>
        name === 'solo-ep' ? undefined : sagemaker.describeEndpoint(name),
    });
    const map = await discoverServingMap({ sagemaker: port });
    expect(map.endpoints.map((e) => e.name)).not.toContain('solo-ep');
  });

  it('never has more calls in flight than its concurrency', async () => {
    // Prepare: a port whose calls stay open for a tick, counting how many overlap
    const sagemaker = account();
    let inFlight = 0;
    let peak = 0;
    const slow =
      <T>(call: () => Promise<T>) =>
      async () => {
        inFlight++;
        peak = Math.max(peak, inFlight);
        await new Promise((resolve) => setTimeout(resolve, 1));
        inFlight--;
        return call();
      };
    const port: SageMakerPort = Object.assign(Object.create(sagemaker), {
      describeEndpoint: (name: string) => slow(() => sagemaker.describeEndpoint(name))(),
      describeEndpointConfig: (name: string) => slow(() => sagemaker.describeEndpointConfig(name))(),
    });
    // Act
    await discoverServingMap({ sagemaker: port }, { concurrency: 3 });
    // Assess
    expect(peak).toBe(3);
  });

  it('fails with the first error and reports progress per endpoint otherwise', async () => {
    const failing = account().failNext('describeEndpointConfig', new ThrottledError('slow down'));
    await expect(discoverServingMap({ sagemaker: failing })).rejects.toBeInstanceOf(ThrottledError);

    const progress: number[] = [];
    await discoverServingMap({ sagemaker: account() }, { onEndpoint: (done) => progress.push(done) });
    expect(progress).toEqual(Array.from({ length: 13 }, (_, i) => i + 1));
  });
});

describe('createLimiter', () => {
  it('rejects calls still waiting once one has failed, without making them', async () => {
    const limit = createLimiter(1);
    let made = 0;
    const first = limit(async () => {
      made++;
      throw new Error('boom');
    });
    const second = limit(async () => {
      made++;
      return 'never';
    });
    await expect(first).rejects.toThrow('boom');
    await expect(second).rejects.toThrow('boom');
    expect(made).toBe(1);
  });
});
