// A class at once on one 2-core server: 12 students, each logging in, starting their server and a
// kernel through the hub's REST API, and running a shortened chapter 4 over the kernel websocket, all
// at the same time. Every one must finish with the chapter's result and no kernel may die. Prints each
// student's wall time and the peak memory of the whole class (hub, proxy, servers, kernels).
import assert from "node:assert/strict";
import os from "node:os";
import { after, before, describe, it } from "node:test";
import { mib } from "../support/processMemory";
import { Hub, installKernelForStudents, prepareHubMachine, startHub } from "./support/hub";
import { CellReply, KernelSockets, replyText } from "./support/kernelSocket";
import { sampleClassMemory } from "./support/memorySampler";
import { StudentSession } from "./support/session";
import { Class, createClass, Student } from "./support/students";

const STUDENTS = 12;

// Chapter 4 as the course runs it (the full MNIST loaded, the book's network, rmsprop, liveProgress,
// plotHistory, evaluate, a confusion matrix), trained on the first 6 000 images for 2 epochs.
const SHORT_CHAPTER_4 = [
  "const { train, test } = loadMnist();\nsetRandomSeed(42);\nconsole.log(`train: images [${train.images.shape}]`);",
  [
    "const model = tf.sequential({",
    "  layers: [",
    '    tf.layers.dense({ units: 512, activation: "relu", inputShape: [784] }),',
    '    tf.layers.dense({ units: 10, activation: "softmax" }),',
    "  ],",
    "});",
    'model.compile({ optimizer: "rmsprop", loss: "sparseCategoricalCrossentropy", metrics: ["accuracy"] });',
    "model",
  ].join("\n"),
  [
    "const n = 6000;",
    "const trainImages = tf.tidy(() => train.images.slice(0, n).reshape([n, 784]).toFloat().div(255));",
    "const trainLabels = tf.tidy(() => train.labels.slice(0, n).toFloat());",
    "const testImages = tf.tidy(() => test.images.slice(0, 2000).reshape([2000, 784]).toFloat().div(255));",
    "const testLabels = tf.tidy(() => test.labels.slice(0, 2000).toFloat());",
  ].join("\n"),
  "const history = await model.fit(trainImages, trainLabels, { epochs: 2, batchSize: 128, callbacks: [liveProgress({ chart: false })] });",
  "plotHistory(history)",
  [
    "const [testLoss, testAccuracy] = model.evaluate(testImages, testLabels, { batchSize: 512 }) as tf.Scalar[];",
    "console.log(`test accuracy: ${testAccuracy!.dataSync()[0]!.toFixed(4)}`);",
  ].join("\n"),
  "const testPredictions = (model.predict(testImages, { batchSize: 512 }) as tf.Tensor2D).argMax(-1);\nconfusionMatrix(test.labels.slice(0, 2000), testPredictions)",
];

interface StudentRun {
  student: Student;
  serverSeconds: number;
  kernelSeconds: number;
  cellsSeconds: number;
  wallSeconds: number;
  accuracy: number;
  replies: CellReply[];
  finalState: string | undefined;
}

describe(`a class of ${STUDENTS} at once on JupyterHub, through its REST API and the kernel websocket`, { timeout: 40 * 60_000 }, () => {
  let cls: Class;
  let kernelspec: { jupyterPath: string; remove(): void };
  let hub: Hub;
  let sockets: KernelSockets;

  before(async () => {
    prepareHubMachine();
    kernelspec = installKernelForStudents();
    cls = await createClass(STUDENTS, "l");
    hub = await startHub({ group: cls.group, jupyterPath: kernelspec.jupyterPath });
    sockets = new KernelSockets();
  });

  after(async () => {
    await sockets?.stop();
    await hub?.stop();
    await cls?.remove();
    kernelspec?.remove();
  });

  async function attend(student: Student): Promise<StudentRun> {
    const started = Date.now();
    const session = new StudentSession(hub.url, student);
    await session.login();
    await session.requestToken();
    const serverSeconds = await session.startServer();
    const kernelStarted = Date.now();
    const id = await session.startKernel();
    const conn = await sockets.connect(session.channelsUrl(id), session.token);
    const kernelSeconds = (Date.now() - kernelStarted) / 1000;
    const replies: CellReply[] = [];
    for (const [i, cell] of SHORT_CHAPTER_4.entries()) {
      const reply = await sockets.execute(conn, cell, 1200);
      replies.push(reply);
      if (reply.status !== "ok") throw new Error(`${student.name}: cell ${i} ended ${reply.status}: ${replyText(reply)}\n--- cell ---\n${cell}`);
    }
    const cellsSeconds = replies.reduce((s, r) => s + r.seconds, 0);
    const finalState = (await session.kernel(id))?.execution_state;
    const accuracy = Number(/test accuracy: ([0-9.]+)/.exec(replies.map(replyText).join("\n"))?.[1]);
    await sockets.close(conn);
    await session.shutdownKernel(id);
    await session.stopServer();
    return { student, serverSeconds, kernelSeconds, cellsSeconds, wallSeconds: (Date.now() - started) / 1000, accuracy, replies, finalState };
  }

  it(`all ${STUDENTS} students finish the shortened chapter 4 with its result, none is lost, and no kernel dies`, async () => {
    console.log(`load average before: ${os.loadavg()[0]!.toFixed(2)} on ${os.cpus().length} cores, ${mib(os.freemem())} MiB free`);
    const sampler = sampleClassMemory(() => [hub.pid, hub.proxyPid() ?? 0, ...cls.pids()].filter((p) => p > 0));
    const started = Date.now();
    const settled = await Promise.allSettled(cls.students.map(attend));
    const wall = (Date.now() - started) / 1000;
    const peak = sampler.stop();

    const runs = settled.flatMap((s) => (s.status === "fulfilled" ? [s.value] : []));
    console.log("student            server  kernel   cells    wall  test acc  kernel peak RSS");
    for (const r of runs) {
      const kernelPeak = [...peak.kernelPeakRss.values()].filter((k) => k.uid === r.student.uid).reduce((m, k) => Math.max(m, k.bytes), 0);
      console.log(
        `${r.student.name.padEnd(17)}${r.serverSeconds.toFixed(1).padStart(7)} s${r.kernelSeconds.toFixed(1).padStart(6)} s${r.cellsSeconds.toFixed(1).padStart(6)} s` +
          `${r.wallSeconds.toFixed(1).padStart(6)} s${r.accuracy.toFixed(4).padStart(10)}${mib(kernelPeak).padStart(11)} MiB`,
      );
    }
    const kernelPeaks = [...peak.kernelPeakRss.values()].map((k) => k.bytes);
    const studentUids = new Set(cls.students.map((s) => s.uid));
    const serverPeaks = [...peak.otherPeakRss.values()].filter((p) => studentUids.has(p.uid)).map((p) => p.bytes);
    console.log(
      `class of ${STUDENTS}: all done in ${wall.toFixed(1)} s; peak total memory ${mib(peak.totalPssBytes)} MiB PSS ` +
        `(${mib(peak.totalRssBytesAtPeak)} MiB RSS summed) over ${peak.processesAtPeak} processes (hub, proxy, servers, kernels), ` +
        `${peak.samples} samples; peak RSS of a kernel ${mib(Math.min(...kernelPeaks))}–${mib(Math.max(...kernelPeaks))} MiB, ` +
        `of a student's server ${mib(Math.min(...serverPeaks))}–${mib(Math.max(...serverPeaks))} MiB`,
    );

    const lost = settled.flatMap((s, i) => (s.status === "rejected" ? [`${cls.students[i]!.name}: ${(s.reason as Error).message}`] : []));
    assert.deepEqual(lost, [], "every student finished");
    for (const r of runs) {
      assert.ok(r.accuracy >= 0.85, `${r.student.name}: test accuracy ${r.accuracy} after 2 epochs on 6 000 images`);
      const counts = r.replies.map((x) => x.execution_count);
      assert.deepEqual(counts, SHORT_CHAPTER_4.map((_, i) => i + 1), `${r.student.name}: one kernel ran every cell (a restarted kernel counts from 1 again)`);
      const states = r.replies.at(-1)!.states;
      assert.ok(!states.includes("restarting") && !states.includes("dead"), `${r.student.name}: the kernel died: ${states.join(" ")}`);
      assert.equal(r.finalState, "idle", `${r.student.name}: the kernel was alive and idle at the end`);
      assert.ok(r.replies.some((x) => x.outputs.some((o) => o.mime?.includes("image/png"))), `${r.student.name}: the charts were drawn`);
    }
    assert.equal(kernelPeaks.length, STUDENTS, "one kernel per student was seen");
  });
});
