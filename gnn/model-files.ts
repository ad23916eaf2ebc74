// Saves and loads a set of named models in tfjs' weights format: model.json (configs + weightsManifest) and weights.bin.
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { TopolensError } from '../src/errors.js';

/** The `format` field of a topolens model.json. */
export const MODEL_FILE_FORMAT = 'topolens-gnn';
export const MODEL_FILE_FORMAT_VERSION = 1;
const WEIGHTS_FILE = 'weights.bin';

/** One model to save: its constructor config (plain JSON) and its weights in trainableWeights order. */
export interface NamedModelWeights {
  name: string;
  config: unknown;
  weights: readonly tf.Variable[] | readonly tf.Tensor[];
}

/** A model read back: its config and its weights as tensors in the saved order; the caller disposes them. */
export interface LoadedModelWeights {
  name: string;
  config: unknown;
  weights: tf.Tensor[];
}

/** model.json: tfjs' weightsManifest (so tfjs tooling can read the weights) beside our model configs and metadata. */
interface ModelJson {
  format: typeof MODEL_FILE_FORMAT;
  formatVersion: number;
  models: { name: string; config: unknown; weightCount: number }[];
  metadata: unknown;
  weightsManifest: tf.io.WeightsManifestConfig;
}

const weightName = (model: string, i: number) => `${model}/${String(i).padStart(3, '0')}`;

/** Writes `dir/model.json` and `dir/weights.bin` (the directory is created). */
export async function saveModelFiles(dir: string, models: readonly NamedModelWeights[], metadata: unknown): Promise<{ files: string[]; bytes: number }> {
  const named: tf.NamedTensorMap = {};
  for (const m of models) m.weights.forEach((w, i) => { named[weightName(m.name, i)] = w; });
  const { data, specs } = await tf.io.encodeWeights(named);
  const bytes = data instanceof ArrayBuffer ? new Uint8Array(data) : new Uint8Array(tf.io.concatenateArrayBuffers(data));
  const json: ModelJson = {
    format: MODEL_FILE_FORMAT,
    formatVersion: MODEL_FILE_FORMAT_VERSION,
    models: models.map((m) => ({ name: m.name, config: m.config, weightCount: m.weights.length })),
    metadata,
    weightsManifest: [{ paths: [WEIGHTS_FILE], weights: specs }],
  };
  await mkdir(dir, { recursive: true });
  await writeFile(path.join(dir, WEIGHTS_FILE), bytes);
  await writeFile(path.join(dir, 'model.json'), `${JSON.stringify(json, null, 1)}\n`);
  return { files: [path.join(dir, 'model.json'), path.join(dir, WEIGHTS_FILE)], bytes: bytes.byteLength };
}

/** Reads what saveModelFiles wrote; a missing or foreign file is a clear TOPO_BAD_INPUT / TOPO_NOT_FOUND. */
export async function loadModelFiles(dir: string): Promise<{ models: LoadedModelWeights[]; metadata: unknown }> {
  const jsonPath = path.join(dir, 'model.json');
  let json: ModelJson;
  try {
    json = JSON.parse(await readFile(jsonPath, 'utf8')) as ModelJson;
  } catch (err) {
    const missing = (err as NodeJS.ErrnoException).code === 'ENOENT';
    throw new TopolensError(missing ? 'TOPO_NOT_FOUND' : 'TOPO_BAD_INPUT', `${jsonPath}: ${missing ? 'model file not found (train one with `topolens train`)' : 'not valid JSON'}`, { cause: err });
  }
  if (json.format !== MODEL_FILE_FORMAT || json.formatVersion !== MODEL_FILE_FORMAT_VERSION) {
    throw new TopolensError('TOPO_BAD_INPUT', `${jsonPath}: expected format ${MODEL_FILE_FORMAT} version ${MODEL_FILE_FORMAT_VERSION}`);
  }
  const specs = json.weightsManifest.flatMap((g) => g.weights);
  const buffers = await Promise.all(json.weightsManifest.flatMap((g) => g.paths).map((p) => readFile(path.join(dir, p))));
  const data = tf.io.concatenateArrayBuffers(buffers.map((b) => b.buffer.slice(b.byteOffset, b.byteOffset + b.byteLength) as ArrayBuffer));
  const expectedBytes = specs.reduce((s, w) => s + w.shape.reduce((p, d) => p * d, 1) * 4, 0);
  if (data.byteLength !== expectedBytes) throw new TopolensError('TOPO_BAD_INPUT', `${dir}: weights hold ${data.byteLength} bytes, the manifest expects ${expectedBytes}`);
  const tensors = tf.io.decodeWeights(data, specs);
  return {
    metadata: json.metadata,
    models: json.models.map((m) => ({
      name: m.name,
      config: m.config,
      weights: Array.from({ length: m.weightCount }, (_, i) => {
        const t = tensors[weightName(m.name, i)];
        if (!t) throw new TopolensError('TOPO_BAD_INPUT', `${jsonPath}: weight ${weightName(m.name, i)} missing from the manifest`);
        return t;
      }),
    })),
  };
}

/** Assigns saved weights to a freshly built model's variables (same order), checking every shape; disposes the tensors. */
export function assignWeights(target: readonly tf.Variable[], saved: readonly tf.Tensor[], what: string): void {
  try {
    if (target.length !== saved.length) throw new TopolensError('TOPO_BAD_INPUT', `${what}: the model has ${target.length} weights, the file ${saved.length}`);
    target.forEach((v, i) => {
      const s = saved[i]!;
      if (v.shape.join('x') !== s.shape.join('x')) throw new TopolensError('TOPO_BAD_INPUT', `${what}: weight ${i} has shape [${v.shape}], the file [${s.shape}]`);
      v.assign(s);
    });
  } finally {
    tf.dispose([...saved]);
  }
}
