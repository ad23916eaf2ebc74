// Learned risk for the API: the model store, and training one run at a time (the `train` mutation is synchronous).
import type { LearningServices } from '../api/context.js';
import type { Config } from '../config.js';
import { TopolensError } from '../errors.js';
import type { App } from '../main.js';
import { trainModels, type TrainSummary } from './train-models.js';

export function learningServices(app: Pick<App, 'snapshots' | 'models'>, config: Pick<Config, 'modelsDir'>): LearningServices {
  let running: Promise<TrainSummary> | null = null;
  return {
    models: app.models,
    async train(options) {
      // Training holds both cores for a while: a second request is refused rather than queued.
      if (running) throw new TopolensError('TOPO_BAD_INPUT', 'a training run is already in progress; try again when it has finished');
      running = trainModels(app, { modelsDir: config.modelsDir, ...options });
      try {
        return await running;
      } finally {
        running = null;
      }
    },
  };
}
