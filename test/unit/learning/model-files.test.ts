// Model files: a trained impact model saved in tfjs' weights format and rebuilt from its config predicts exactly the same.
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { initBackend } from '../../../gnn/backend.js';
import { assignWeights, loadModelFiles, saveModelFiles } from '../../../gnn/model-files.js';
import { ImpactModel, type ImpactModelOptions } from '../../../gnn/models/impact-head.js';
import { predictImpact, trainImpactModel } from '../../../gnn/train-impact.js';
import { generateIspTopology } from '../../../src/graph/generate-isp-topology.js';
import { labelTopology } from '../../../src/learning/impact-corpus.js';

beforeAll(async () => {
  await initBackend({ prefer: ['cpu'] });
});

describe('saveModelFiles / loadModelFiles', () => {
  it('round-trips an impact model: same predictions after rebuilding from config + weights', async () => {
    const g = labelTopology('isp', generateIspTopology({ nodes: 30, seed: 3 }), 1);
    const options = { hiddenChannels: 8, numLayers: 2, epochs: 3, seed: 5 };
    const { model } = trainImpactModel([g.sample], options);
    const config: ImpactModelOptions = {
      inChannels: g.features.arrays.numNodeFeatures!, edgeChannels: g.features.arrays.numEdgeFeatures!,
      linkChannels: g.features.arrays.numEdgeFeatures!, hiddenChannels: 8, numLayers: 2, seed: 5,
    };
    const before = predictImpact(model, g.sample);
    const dir = mkdtempSync(path.join(os.tmpdir(), 'topolens-model-'));
    await saveModelFiles(dir, [{ name: 'impact', config, weights: model.trainableWeights }], { note: 'test' });
    model.dispose();

    const json = JSON.parse(readFileSync(path.join(dir, 'model.json'), 'utf8'));
    expect(json.weightsManifest[0].paths).toEqual(['weights.bin']);
    expect(json.weightsManifest[0].weights[0]).toMatchObject({ name: 'impact/000', dtype: 'float32' });

    const tensorsBefore = tf.memory().numTensors;
    const loaded = await loadModelFiles(dir);
    expect(loaded.metadata).toEqual({ note: 'test' });
    // A different seed: every weight must come from the file, not from the initialiser.
    const rebuilt = new ImpactModel({ ...(loaded.models[0]!.config as ImpactModelOptions), seed: 99 });
    assignWeights(rebuilt.trainableWeights, loaded.models[0]!.weights, 'impact');
    const after = predictImpact(rebuilt, g.sample);
    expect(Array.from(after.device)).toEqual(Array.from(before.device));
    expect(Array.from(after.link)).toEqual(Array.from(before.link));
    rebuilt.dispose();
    expect(tf.memory().numTensors).toBe(tensorsBefore);
  });

  it('refuses a weight of the wrong shape and a foreign model.json, by code', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'topolens-model-'));
    const w = tf.variable(tf.zeros([2, 3]));
    await saveModelFiles(dir, [{ name: 'm', config: {}, weights: [w] }], null);
    const loaded = await loadModelFiles(dir);
    const target = tf.variable(tf.zeros([3, 2]));
    expect(() => assignWeights([target], loaded.models[0]!.weights, 'm')).toThrow(expect.objectContaining({ code: 'TOPO_BAD_INPUT' }));
    writeFileSync(path.join(dir, 'model.json'), JSON.stringify({ format: 'other' }));
    await expect(loadModelFiles(dir)).rejects.toMatchObject({ code: 'TOPO_BAD_INPUT' });
    await expect(loadModelFiles(path.join(dir, 'missing'))).rejects.toMatchObject({ code: 'TOPO_NOT_FOUND' });
    tf.dispose([w, target]);
  });
});
