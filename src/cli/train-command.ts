// `topolens train` and `topolens score`: learned risk on the stored topology, with progress on stderr and a summary on stdout.
import cliProgress from 'cli-progress';
import { InvalidArgumentError, type Command } from 'commander';
import { createApp } from '../main.js';
import { scoreTopology, type ScoreSummary } from '../learning/score-topology.js';
import { trainModels, type TrainProgress, type TrainSummary } from '../learning/train-models.js';
import { action, cliConfig, progressToStderr } from './run-command.js';

interface TrainCliOptions {
  seed: number;
  epochs: number;
  anomalyEpochs?: number;
  patience: number;
  perturbed: number;
  generated: number[];
  corpus?: string;
  json?: boolean;
}

function integer(min: number, max: number): (value: string) => number {
  return (value) => {
    const n = Number(value);
    if (!Number.isInteger(n) || n < min || n > max) throw new InvalidArgumentError(`expected an integer from ${min} to ${max}`);
    return n;
  };
}

function sizeList(value: string): number[] {
  if (value.trim() === '') return [];
  return value.split(',').map((v) => integer(3, 5000)(v.trim()));
}

/** A bar per phase on a terminal; plain lines (every 5th epoch) when stderr is piped. */
/** What the phases without epochs print when they start. */
const PHASE_LINE = { validate: 'validating on held-out graphs', save: 'saving model files', score: 'scoring the stored topology' } as const;

function progressReporter(): { report: (e: TrainProgress) => void; stop: () => void } {
  if (!process.stderr.isTTY) {
    return {
      report: (e) => {
        if (e.phase === 'label') { if (e.done === e.total) progressToStderr(`labelled ${e.total} graphs (exact N-1)`); return; }
        if (e.phase === 'impact' || e.phase === 'anomaly') {
          const val = e.phase === 'impact' && e.validationLoss !== undefined ? `, validation loss ${fmt(e.validationLoss, 5)} Spearman ${fmt(e.validationSpearman)}` : '';
          if (e.epoch === 1 || e.epoch % 5 === 0) progressToStderr(`${e.phase} epoch ${e.epoch}/${e.epochs} loss ${e.loss.toFixed(5)}${val}`);
          return;
        }
        progressToStderr(PHASE_LINE[e.phase]);
      },
      stop: () => {},
    };
  }
  let bar: cliProgress.SingleBar | null = null;
  let phase = '';
  const stop = () => { bar?.stop(); bar = null; };
  return {
    report: (e) => {
      if (e.phase !== phase) {
        stop();
        phase = e.phase;
        if (e.phase === 'label' || e.phase === 'impact' || e.phase === 'anomaly') {
          const what = e.phase === 'label' ? 'labelling (exact N-1)' : `${e.phase} model`;
          bar = new cliProgress.SingleBar({ format: `${what.padEnd(22)} |{bar}| {value}/{total} {detail}`, stream: process.stderr, hideCursor: true }, cliProgress.Presets.shades_classic);
          bar.start(e.phase === 'label' ? e.total : e.epochs, 0, { detail: '' });
        } else progressToStderr(PHASE_LINE[e.phase]);
      }
      if (e.phase === 'label') bar?.update(e.done, { detail: e.graph });
      else if (e.phase === 'impact' || e.phase === 'anomaly') {
        const val = e.phase === 'impact' && e.validationLoss !== undefined ? ` validation ${fmt(e.validationLoss, 5)}` : '';
        bar?.update(e.epoch, { detail: `loss ${e.loss.toFixed(5)}${val}` });
      }
    },
    stop,
  };
}

const fmt = (x: number | null | undefined, digits = 3) => (x == null || !Number.isFinite(x) ? 'n/a' : x.toFixed(digits));

function printScoring(s: ScoreSummary): void {
  const out = (line: string) => process.stdout.write(`${line}\n`);
  out(`scored ${s.devices} devices and ${s.links} links with model ${s.modelVersion} (embeddings ${s.embeddingDim}-d, vector index device_embedding)`);
  out(`feature drift against training: ${s.drift.status} (max PSI ${fmt(s.drift.maxPsi)}${s.drift.topDevice[0] ? `, most: ${s.drift.topDevice[0].name} ${fmt(s.drift.topDevice[0].psi)}` : ''})`);
  out('top device risks:');
  for (const d of s.topDevices) out(`  ${fmt(d.score)}  ${d.summary}`);
  out('top link risks:');
  for (const l of s.topLinks) out(`  ${fmt(l.score)}  ${l.summary}`);
}

function printTraining(t: TrainSummary): void {
  const m = t.metrics;
  const out = (line: string) => process.stdout.write(`${line}\n`);
  out(`model ${t.version} (backend ${t.backend}, seed ${t.seed}) saved in ${t.path}`);
  out(`corpus: ${m.corpus.training} training graphs (${m.corpus.devices} devices, ${m.corpus.links} links), ${m.corpus.validation} held out`);
  out(`impact: ${m.impact.epochs}/${m.impact.maxEpochs} epochs${m.impact.stoppedEarly ? ' (stopped early)' : ''}, best epoch ${m.impact.bestEpoch} by ${m.impact.earlyStoppingOn} kept, last training loss ${fmt(m.impact.trainingLoss, 5)}, validation loss ${fmt(m.impact.validationLoss, 5)} (median ${fmt(m.impact.validationMedianLoss, 5)}), validation Spearman devices ${fmt(m.impact.validationSpearmanDevices)} links ${fmt(m.impact.validationSpearmanLinks)}`);
  out(`anomaly: ${m.anomaly.epochs} epochs, final loss ${fmt(m.anomaly.finalLoss, 5)}`);
  out(`time: labels ${fmt(m.seconds.labels, 1)} s, impact ${fmt(m.seconds.impact, 1)} s, anomaly ${fmt(m.seconds.anomaly, 1)} s, total ${fmt(m.seconds.total, 1)} s`);
  printScoring(t.scoring);
}

export function registerTrainCommand(program: Command): void {
  program
    .command('train')
    .description('train the impact and anomaly models on the stored topology (plus perturbed copies and generated networks), save them, record a (:Model) and write risk scores and embeddings back')
    .option('--seed <n>', 'seed of features, corpus, weights and sampling (same seed → same embeddings)', integer(0, 2 ** 31 - 1), 7)
    .option('--epochs <n>', 'most impact-model epochs (early stopping may end sooner)', integer(1, 10_000), 60)
    .option('--anomaly-epochs <n>', 'anomaly-model epochs (default 150)', integer(1, 10_000))
    .option('--patience <n>', 'epochs without a 1 % better validation loss before stopping (the best epoch is kept; never before epoch 15)', integer(1, 10_000), 10)
    .option('--perturbed <n>', 'perturbed copies of the stored topology in the corpus', integer(0, 1000), 6)
    .option('--generated <sizes>', 'device counts of generated ISP topologies in the corpus, comma-separated (empty: none)', sizeList, [50, 80, 120])
    .option('--corpus <dir>', 'a folder of extra GraphML topologies to train on (e.g. Topology Zoo)')
    .option('--json', 'print the summary as JSON')
    .action(action(async (opts: TrainCliOptions) => {
      const config = cliConfig();
      const app = await createApp(config, { onProgress: progressToStderr });
      const progress = opts.json ? null : progressReporter();
      try {
        const summary = await trainModels(app, {
          modelsDir: config.modelsDir, seed: opts.seed, epochs: opts.epochs, patience: opts.patience, perturbedCopies: opts.perturbed,
          generatedSizes: opts.generated,
          ...(opts.anomalyEpochs !== undefined ? { anomalyEpochs: opts.anomalyEpochs } : {}),
          ...(opts.corpus !== undefined ? { corpusDir: opts.corpus } : {}),
          ...(progress ? { onProgress: progress.report } : {}),
        });
        progress?.stop();
        if (opts.json) process.stdout.write(`${JSON.stringify(summary, null, 2)}\n`);
        else printTraining(summary);
      } finally {
        progress?.stop();
        await app.close();
      }
    }));

  program
    .command('score')
    .description('score the stored topology with a trained model (default: the newest) and write risk, embeddings and drift back')
    .option('--model <version>', 'model version to use')
    .option('--json', 'print the summary as JSON')
    .action(action(async (opts: { model?: string; json?: boolean }) => {
      const app = await createApp(cliConfig(), { onProgress: progressToStderr });
      try {
        const summary = await scoreTopology(app, opts.model !== undefined ? { version: opts.model } : {});
        if (opts.json) process.stdout.write(`${JSON.stringify(summary, null, 2)}\n`);
        else printScoring(summary);
      } finally {
        await app.close();
      }
    }));
}
