// A class on the real JupyterHub (Debian's 3.0.0, deploy/jupyterhub/jupyterhub_config.py): three local
// users log in on the hub's login page in Chromium, find the course in their home, run chapter 1 in
// tsdl's JupyterLab and see its outputs; then one student tries to reach another's work and kernel.
import assert from "node:assert/strict";
import fs from "node:fs";
import path from "node:path";
import { after, before, describe, it } from "node:test";
import { Browser, BrowserContext, Page } from "playwright-core";
import { snapshotPaths, snapshotProblem } from "../../kernel/startupSnapshot";
import { launchChromium, NotebookPage } from "../e2e/support/labPage";
import { REPO_ROOT } from "../support/jupyter";
import { Hub, installKernelForStudents, prepareHubMachine, startHub, STUDENT_PATH } from "./support/hub";
import { KernelSockets, replyText } from "./support/kernelSocket";
import { StudentSession } from "./support/session";
import { Class, createClass, Student } from "./support/students";

const ARTIFACTS = path.join(REPO_ROOT, "test-artifacts", "jupyterhub");
const CHAPTER = "01-tensors.ipynb";

interface Desk {
  student: Student;
  context: BrowserContext;
  page: Page;
  notebook?: NotebookPage;
  session: StudentSession;
}

async function screenshot(page: Page, name: string): Promise<void> {
  fs.mkdirSync(ARTIFACTS, { recursive: true });
  await page.screenshot({ path: path.join(ARTIFACTS, `${name}.png`) });
}

/** Waits until every code cell of the notebook shows an execution count. */
async function waitForAllExecuted(nb: NotebookPage, timeoutMs: number): Promise<string[]> {
  const prompts = nb.panel.locator(".jp-CodeCell .jp-InputArea-prompt");
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const texts = (await prompts.allInnerTexts()).map((t) => t.trim());
    if (texts.length > 0 && texts.every((t) => /^\[\d+\]:$/.test(t))) return texts;
    if (Date.now() > deadline) throw new Error(`not every cell ran within ${timeoutMs / 1000} s: prompts ${texts.join(" ")}`);
    await new Promise((r) => setTimeout(r, 1000));
  }
}

/** The pid of the kernel with this id, found by its connection file on its command line. */
function kernelPid(kernelId: string): number {
  for (const d of fs.readdirSync("/proc")) {
    if (!/^\d+$/.test(d)) continue;
    try {
      if (fs.readFileSync(`/proc/${d}/cmdline`, "utf8").includes(`kernel-${kernelId}.json`)) return Number(d);
    } catch {
      // Gone meanwhile.
    }
  }
  throw new Error(`no process runs kernel ${kernelId}`);
}

describe("a class on JupyterHub: three students log in, run chapter 1 in their own JupyterLab, and cannot reach each other's work", { timeout: 30 * 60_000 }, () => {
  let cls: Class;
  let kernelspec: { jupyterPath: string; remove(): void };
  let hub: Hub;
  let browser: Browser;
  let sockets: KernelSockets;
  const desks: Desk[] = [];

  before(async () => {
    prepareHubMachine();
    kernelspec = installKernelForStudents();
    cls = await createClass(3, "e");
    hub = await startHub({ group: cls.group, jupyterPath: kernelspec.jupyterPath });
    browser = await launchChromium();
    sockets = new KernelSockets();
  });

  after(async () => {
    await browser?.close();
    await sockets?.stop();
    await hub?.stop();
    await cls?.remove();
    kernelspec?.remove();
  });

  it("each student logs in on the hub's login page, opens course/01-tensors.ipynb from their home, runs all cells and sees the chapter's outputs", { timeout: 20 * 60_000 }, async () => {
    await Promise.all(
      cls.students.map(async (student) => {
        const context = await browser.newContext({ viewport: { width: 1280, height: 1000 } });
        const page = await context.newPage();
        const desk: Desk = { student, context, page, session: new StudentSession(hub.url, student) };
        desks.push(desk);
        const errors: string[] = [];
        // The lab opens with an empty main area under the hub, where JupyterLab would show its launcher,
        // which this build leaves out: the file browser then calls a command nobody registered.
        page.on("pageerror", (e) => e.message !== "Command 'launcher:create' not registered." && errors.push(e.message));
        try {
          await page.goto(`${hub.url}/hub/login`);
          await page.fill("#username_input", student.name);
          await page.fill("#password_input", student.password);
          await page.click("#login_submit");
          // The hub starts the student's server (spawn-pending page), then sends the browser to its lab.
          await page.waitForURL(new RegExp(`/user/${student.name}/lab`), { timeout: 300_000 });
          await page.locator("body[data-tsdl-lab-ready]").waitFor({ state: "attached", timeout: 120_000 });
          await page.locator(".jp-DirListing-itemText", { hasText: /^course$/ }).dblclick({ timeout: 60_000 });
          await page.locator(".jp-DirListing-itemText", { hasText: new RegExp(`^${CHAPTER.replace(".", "\\.")}$`) }).dblclick({ timeout: 60_000 });
          const nb = await NotebookPage.attach(page, CHAPTER, 180_000);
          desk.notebook = nb;
          await page.locator(".lm-MenuBar-itemLabel", { hasText: /^Run$/ }).click();
          await page.locator(".lm-Menu-itemLabel", { hasText: /^Run All Cells$/ }).click();
          await waitForAllExecuted(nb, 10 * 60_000);
          await nb.waitForIdle(60_000);
          await screenshot(page, `${student.name}-chapter1`);

          const text = (await nb.panel.locator(".jp-OutputArea-output").allInnerTexts()).join("\n");
          assert.match(text, /rank 0, shape \[\], dtype float32/, `${student.name}: the first tensor's description`);
          assert.match(text, /train images: rank 3, shape \[60000,28,28\], dtype int32/, `${student.name}: MNIST loaded`);
          assert.match(text, /digit shape \[28,28\], label 9/, `${student.name}: the fifth digit`);
          const stderr = await nb.panel.locator('.jp-OutputArea-output[data-mime-type="application/vnd.jupyter.stderr"]').allInnerTexts();
          assert.deepEqual(stderr, [], `${student.name}: no error output`);
          assert.ok((await nb.panel.locator(".jp-RenderedImage img").count()) >= 4, `${student.name}: the digit, two crops and a batch are drawn`);
          assert.deepEqual(errors, [], `${student.name}: the page threw`);
        } catch (e) {
          await screenshot(page, `FAILED-${student.name}`).catch(() => undefined);
          throw new Error(`${student.name}: ${(e as Error).message}\n--- hub log (tail) ---\n${hub.log().split("\n").slice(-60).join("\n")}`);
        }
      }),
    );
  });

  /** Runs one cell in a new kernel of the student's and returns what it printed as JSON. */
  async function runInNewKernel(desk: Desk, code: string): Promise<unknown> {
    await desk.session.requestToken();
    const id = await desk.session.startKernel();
    const conn = await sockets.connect(desk.session.channelsUrl(id), desk.session.token);
    try {
      const reply = await sockets.execute(conn, code);
      assert.equal(reply.status, "ok", replyText(reply));
      return JSON.parse(replyText(reply));
    } finally {
      await sockets.close(conn);
      await desk.session.shutdownKernel(id);
    }
  }

  /** The id of the kernel that runs the chapter in the student's lab. */
  async function chapterKernel(desk: Desk): Promise<string> {
    await desk.session.requestToken();
    const sessions = (await (await desk.session.fetch(`/user/${desk.student.name}/api/sessions`)).json()) as { path: string; kernel: { id: string } }[];
    const chapter = sessions.find((s) => s.path === `course/${CHAPTER}`);
    assert.ok(chapter, `${desk.student.name} has a session for course/${CHAPTER}: ${JSON.stringify(sessions)}`);
    return chapter.kernel.id;
  }

  it("a student's kernel runs as that student, with the node named in kernel.json (their PATH has none), started from the startup snapshot", async () => {
    const desk = desks[1]!;
    const seen = (await runInNewKernel(desk, "console.log(JSON.stringify({ uid: process.getuid!(), node: process.execPath, path: process.env.PATH, startup: process.env.TSDL_STARTUP ?? null }))")) as {
      uid: number;
      node: string;
      path: string;
      startup: string | null;
    };
    assert.equal(seen.uid, desk.student.uid);
    assert.equal(seen.node, process.execPath, "the node that installed the kernelspec");
    assert.ok(seen.path.startsWith(STUDENT_PATH), `the student's PATH reached the kernel: ${seen.path}`);
    const problem = snapshotProblem(snapshotPaths());
    if (problem === undefined) assert.equal(seen.startup, "snapshot", "the snapshot is valid, so a student's kernel starts from it: students can read dist/startup");
    else assert.equal(seen.startup, null, `the snapshot is not usable in this tree (${problem})`);
  });

  it("student B cannot open student A's notebook through the hub: B's token gets 403 or 404, and B's browser is refused A's lab", async () => {
    const [a, b] = [desks[0]!, desks[1]!];
    const url = `/user/${a.student.name}/api/contents/course/${CHAPTER}`;
    await a.session.requestToken();
    await b.session.requestToken();
    const own = await a.session.fetch(url);
    assert.equal(own.status, 200, "A reads their own notebook");
    const other = await b.session.fetch(url);
    const body = await other.text();
    assert.ok([403, 404].includes(other.status), `B's token on A's notebook: ${other.status} ${body.slice(0, 200)}`);
    assert.doesNotMatch(body, /"cells"/);

    const page = await b.context.newPage();
    const response = await page.goto(`${hub.url}/user/${a.student.name}/lab/tree/course/${CHAPTER}`);
    await screenshot(page, `${b.student.name}-refused-at-${a.student.name}`);
    assert.ok(response && [403, 404].includes(response.status()), `B's browser on A's lab: ${response?.status()} at ${page.url()}`);
    assert.equal(await page.locator("body[data-tsdl-lab-ready]").count(), 0, "no lab was served to B");
    await page.close();
  });

  it("A's kernel connection file is mode 0600 and owned by A, and B's kernel can read neither it nor A's notebook, nor signal A's kernel, which keeps its variables", async () => {
    const [a, b] = [desks[0]!, desks[1]!];
    const id = await chapterKernel(a);
    const connectionFile = path.join(a.student.home, ".local", "share", "jupyter", "runtime", `kernel-${id}.json`);
    const st = fs.statSync(connectionFile);
    assert.equal((st.mode & 0o777).toString(8), "600", connectionFile);
    assert.equal(st.uid, a.student.uid);
    const pid = kernelPid(id);

    const tried = (await runInNewKernel(
      b,
      [
        'import * as fs from "fs";',
        "const tried: Record<string, string> = {};",
        `for (const [what, file] of [["connection", ${JSON.stringify(connectionFile)}], ["notebook", ${JSON.stringify(path.join(a.student.home, "course", CHAPTER))}]]) {`,
        "  try { fs.readFileSync(file); tried[what] = \"read\"; } catch (e) { tried[what] = (e as NodeJS.ErrnoException).code ?? String(e); }",
        "}",
        `try { process.kill(${pid}, "SIGKILL"); tried.signal = "sent"; } catch (e) { tried.signal = (e as NodeJS.ErrnoException).code ?? String(e); }`,
        "console.log(JSON.stringify(tried));",
      ].join("\n"),
    )) as Record<string, string>;
    assert.deepEqual(tried, { connection: "EACCES", notebook: "EACCES", signal: "EPERM" });

    // A's kernel is alive and still holds the chapter's variables: x1 = [12, 3, 6, 14, 7].
    const conn = await sockets.connect(a.session.channelsUrl(id), a.session.token);
    const reply = await sockets.execute(conn, "x1.sum().dataSync()[0]");
    await sockets.close(conn);
    assert.equal(reply.status, "ok", replyText(reply));
    assert.match(replyText(reply), /^42$/m);
    assert.equal(kernelPid(id), pid, "the same kernel process");
  });

  it("stopping a student's server through the hub shuts their kernels down: nothing keeps running as them", async () => {
    const c = desks[2]!;
    await c.session.requestToken();
    assert.ok(cls.pids().length > 0);
    const theirs = () => cls.pids().filter((pid) => fs.statSync(`/proc/${pid}`, { throwIfNoEntry: false })?.uid === c.student.uid);
    assert.ok(theirs().length >= 2, "C's server and chapter kernel run as C");
    await c.session.stopServer();
    const deadline = Date.now() + 30_000;
    while (theirs().length > 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 500));
    assert.deepEqual(theirs(), [], "no process of C's survives their server");
  });
});
