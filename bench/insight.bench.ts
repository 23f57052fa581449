// The insight helpers on the course's MNIST model (Dense 512 relu → Dense 10 softmax, trained one epoch),
// on the kernel's backend: each bundle with its PNG after warm-up (target ≤ 150 ms) beside plotHistory and
// confusionMatrix as anchors, showMistakes over the 10 000 test images (target ≤ 1 s) beside model.predict
// alone, the leak meter's cost per cell (≤ 1 ms), and an MNIST epoch with and without weightHistograms,
// alternated (≤ 5% added).
import * as tf from "@tensorflow/tfjs";
import { selectBackend } from "../src/backend";
import { confusionMatrix, plotHistory } from "../src/charts";
import { loadMnist } from "../src/data";
import { displaySymbol, Displayable } from "../src/display/bundle";
import { cellHooks } from "../src/frontend";
import { activations, compareHistories, histogram, layerStats, perClassAccuracy, showMistakes, trackTensors, weightHistograms } from "../src/insight";

const RUNS = 9;

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)]!;
}

/** Wall and CPU milliseconds of building a value and its bundle (PNG included); CPU time is the steadier number on a shared machine. */
function time(make: () => Displayable, runs = RUNS): { wall: number; wallP90: number; cpu: number } {
  make()[displaySymbol](); // warm-up
  const wall: number[] = [];
  const cpu: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t = performance.now();
    const c = process.cpuUsage();
    make()[displaySymbol]();
    const used = process.cpuUsage(c);
    cpu.push((used.user + used.system) / 1000);
    wall.push(performance.now() - t);
  }
  const sorted = [...wall].sort((a, b) => a - b);
  return { wall: median(wall), wallP90: sorted[Math.floor(0.9 * (sorted.length - 1))]!, cpu: median(cpu) };
}

function row(name: string, t: { wall: number; wallP90: number; cpu: number }, target?: number, anchor?: number): void {
  const ok = target === undefined ? "" : t.wall <= target ? "yes" : t.cpu <= target ? "cpu yes (machine busy)" : "NO";
  const ratio = anchor === undefined ? "" : `${(t.wall / anchor).toFixed(2)}×`;
  console.log(`${name.padEnd(52)}${t.wall.toFixed(1).padStart(8)}${t.wallP90.toFixed(1).padStart(9)}${t.cpu.toFixed(1).padStart(9)}${ratio.padStart(9)}   ${ok}`);
}

export async function run(): Promise<void> {
  await selectBackend();
  const { train, test } = loadMnist();
  const trainImages = tf.tidy(() => train.images.reshape([60000, 784]).toFloat().div(255));
  const trainLabels = train.labels.toFloat();
  const testImages = tf.tidy(() => test.images.reshape([10000, 784]).toFloat().div(255));
  const model = tf.sequential({ layers: [tf.layers.dense({ units: 512, activation: "relu", inputShape: [784] }), tf.layers.dense({ units: 10, activation: "softmax" })] });
  model.compile({ optimizer: "rmsprop", loss: "sparseCategoricalCrossentropy", metrics: ["accuracy"] });
  const epoch = async (callbacks: tf.CustomCallback[]) => {
    const t = performance.now();
    await model.fit(trainImages, trainLabels, { epochs: 1, batchSize: 128, verbose: 0, callbacks });
    return (performance.now() - t) / 1000;
  };
  await epoch([]);
  const recorder = weightHistograms();
  await model.fit(trainImages.slice(0, 12800), trainLabels.slice(0, 12800), { epochs: 5, batchSize: 128, verbose: 0, callbacks: [recorder] });
  const scores = model.predict(testImages, { batchSize: 1000 }) as tf.Tensor;
  const predicted = scores.argMax(1);
  const kernel = model.layers[0]!.getWeights()[0]!;
  const batch = testImages.slice(0, 1000);
  const one = testImages.slice(0, 1);
  const curve = (k: number) => Array.from({ length: 10 }, (_, i) => k / (i + 1));
  const runs = { SGD: { loss: curve(1), val_loss: curve(1.1), acc: curve(0.1).map((v) => 1 - v) }, RMSprop: { loss: curve(0.5), val_loss: curve(0.6), acc: curve(0.05).map((v) => 1 - v) }, Adam: { loss: curve(0.4), val_loss: curve(0.55), acc: curve(0.04).map((v) => 1 - v) } };

  console.log(`\nbundle with its 2× PNG, MNIST model, after warm-up (median of ${RUNS}, ms)   wall  wall p90      cpu  × anchor   ≤ 150 ms`);
  const history = time(() => plotHistory(runs.SGD));
  row("anchor: plotHistory (10 epochs, 2 panels)", history);
  row("anchor: confusionMatrix (10 000 test predictions)", time(() => confusionMatrix(test.labels, predicted)));
  row("layerStats(model)", time(() => layerStats(model)), 150, history.wall);
  row("layerStats(model, 1000 test images): dead units", time(() => layerStats(model, batch)), 150, history.wall);
  row("histogram(first kernel, 784×512 values)", time(() => histogram(kernel)), 150, history.wall);
  row("weightHistograms .plot(): ridgeline, 6 snapshots", time(() => recorder.plot()), 150, history.wall);
  row("weightHistograms .plot({ kind: 'heatmap' })", time(() => recorder.plot({ kind: "heatmap" })), 150, history.wall);
  row("perClassAccuracy(10 000 labels, [10000,10] scores)", time(() => perClassAccuracy(test.labels, scores)), 150, history.wall);
  row("activations(model, one test image)", time(() => activations(model, one)), 150, history.wall);
  row("compareHistories(3 runs × 10 epochs, 2 metrics)", time(() => compareHistories(runs)), 150, history.wall);

  console.log(`\nover the 10 000 test images (median of 5, ms)                          wall  wall p90      cpu  × anchor   ≤ 1000 ms`);
  const predict = time(() => {
    tf.tidy(() => void model.predict(testImages, { batchSize: 1000 }));
    return { [displaySymbol]: () => ({}) };
  }, 5);
  row("anchor: model.predict alone", predict);
  row("showMistakes(model, testImages, test.labels, { n: 16 })", time(() => showMistakes(model, testImages, test.labels), 5), 1000, predict.wall);

  // The meter's cell hook around an empty cell, with the course's tensors alive (~20).
  trackTensors(true);
  const hook = cellHooks().at(-1)!;
  const N = 20_000;
  const t0 = performance.now();
  for (let i = 0; i < N; i++) {
    hook.before();
    hook.after();
  }
  const perCell = (performance.now() - t0) / N;
  trackTensors(false);
  console.log(`\nleak meter: its before + after around a cell, ${tf.memory().numTensors} live tensors: ${(perCell * 1000).toFixed(1)} µs per cell (≤ 1 ms: ${perCell <= 1 ? "yes" : "NO"})`);

  // An epoch with and without the recorder, alternated so the machine's load falls on both alike.
  const plain: number[] = [];
  const perEpoch: number[] = [];
  const every50: number[] = [];
  for (let round = 0; round < 3; round++) {
    plain.push(await epoch([]));
    perEpoch.push(await epoch([weightHistograms()]));
    every50.push(await epoch([weightHistograms({ everyBatches: 50 })]));
  }
  const p = median(plain);
  console.log(`\nMNIST epoch (60 000 images, batch 128), median of 3 alternated rounds    s/epoch   added   ≤ 5%`);
  const line = (name: string, s: number) => console.log(`${name.padEnd(64)}${s.toFixed(2).padStart(8)}${`${(100 * (s / p - 1)).toFixed(1)}%`.padStart(8)}   ${s / p <= 1.05 ? "yes" : "NO"}`);
  console.log(`${"anchor: no callback".padEnd(64)}${p.toFixed(2).padStart(8)}`);
  line("weightHistograms() (after each epoch)", median(perEpoch));
  line("weightHistograms({ everyBatches: 50 }) (10 snapshots an epoch)", median(every50));
  tf.dispose([trainImages, trainLabels, testImages, scores, predicted, batch, one]);
}
