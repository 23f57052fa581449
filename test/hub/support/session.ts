// One student at the hub through its REST API, as a script or a frontend would: log in with the
// password, get a token, start their server, start kernels in it, stop it.
import { Student } from "./students";

function sleep(ms: number): Promise<void> {
  return new Promise((r) => setTimeout(r, ms));
}

interface UserModel {
  servers?: Record<string, { ready: boolean; pending: string | null }>;
}

export class StudentSession {
  private apiToken: string | undefined;

  constructor(
    readonly hubUrl: string,
    readonly student: Student,
  ) {}

  get token(): string {
    if (!this.apiToken) throw new Error(`${this.student.name} has no token yet: call requestToken()`);
    return this.apiToken;
  }

  /** The hub's login form, as a browser posts it; returns where the hub sends the student next. */
  async login(): Promise<string> {
    const body = new URLSearchParams({ username: this.student.name, password: this.student.password });
    const r = await fetch(`${this.hubUrl}/hub/login`, { method: "POST", body, redirect: "manual" });
    if (r.status !== 302) throw new Error(`login of ${this.student.name}: expected a redirect (302), got ${r.status}: ${(await r.text()).slice(0, 300)}`);
    return r.headers.get("location") ?? "";
  }

  /** An API token for the student, asked for with their password (the user exists once they logged in). */
  async requestToken(): Promise<string> {
    const auth = { username: this.student.name, password: this.student.password };
    const r = await fetch(`${this.hubUrl}/hub/api/users/${this.student.name}/tokens`, { method: "POST", body: JSON.stringify({ auth, note: "tsdl hub test" }) });
    if (r.status !== 201 && r.status !== 200) throw new Error(`token for ${this.student.name}: ${r.status} ${await r.text()}`);
    this.apiToken = ((await r.json()) as { token: string }).token;
    return this.apiToken;
  }

  /** A request with the student's token: `url` is absolute or under the hub (/hub/..., /user/...). */
  fetch(url: string, init: RequestInit = {}): Promise<Response> {
    const headers = { Authorization: `token ${this.token}`, ...(init.headers as Record<string, string> | undefined) };
    return fetch(url.startsWith("http") ? url : `${this.hubUrl}${url}`, { ...init, headers, redirect: "manual" });
  }

  /** Starts the student's server and waits until the hub says it is ready; returns the seconds it took. */
  async startServer(timeoutMs = 300_000): Promise<number> {
    const started = Date.now();
    const r = await this.fetch(`/hub/api/users/${this.student.name}/server`, { method: "POST" });
    if (r.status !== 201 && r.status !== 202) throw new Error(`starting the server of ${this.student.name}: ${r.status} ${await r.text()}`);
    while (Date.now() - started < timeoutMs) {
      const user = (await (await this.fetch(`/hub/api/users/${this.student.name}`)).json()) as UserModel;
      const server = user.servers?.[""];
      if (server?.ready) return (Date.now() - started) / 1000;
      if (!server) throw new Error(`the server of ${this.student.name} stopped while starting`);
      await sleep(500);
    }
    throw new Error(`the server of ${this.student.name} was not ready within ${timeoutMs / 1000} s`);
  }

  /** Starts a kernel in the student's server; returns its id. */
  async startKernel(name = "tsdl"): Promise<string> {
    const r = await this.fetch(`/user/${this.student.name}/api/kernels`, { method: "POST", body: JSON.stringify({ name }) });
    if (r.status !== 201) throw new Error(`starting a ${name} kernel for ${this.student.name}: ${r.status} ${await r.text()}`);
    return ((await r.json()) as { id: string }).id;
  }

  /** The kernel's model from the server (execution_state, connections), or undefined when it is gone. */
  async kernel(id: string): Promise<{ id: string; execution_state: string } | undefined> {
    const r = await this.fetch(`/user/${this.student.name}/api/kernels/${id}`);
    if (r.status === 404) return undefined;
    if (!r.ok) throw new Error(`kernel ${id} of ${this.student.name}: ${r.status} ${await r.text()}`);
    return (await r.json()) as { id: string; execution_state: string };
  }

  /** The websocket URL of a kernel's channels, behind the hub's proxy. */
  channelsUrl(kernelId: string): string {
    return `${this.hubUrl.replace(/^http/, "ws")}/user/${this.student.name}/api/kernels/${kernelId}/channels`;
  }

  async shutdownKernel(id: string): Promise<void> {
    const r = await this.fetch(`/user/${this.student.name}/api/kernels/${id}`, { method: "DELETE" });
    if (r.status !== 204) throw new Error(`shutting down kernel ${id} of ${this.student.name}: ${r.status}`);
  }

  /** Stops the student's server and waits until the hub has it stopped. */
  async stopServer(timeoutMs = 120_000): Promise<void> {
    const started = Date.now();
    const r = await this.fetch(`/hub/api/users/${this.student.name}/server`, { method: "DELETE" });
    if (r.status !== 204 && r.status !== 202) throw new Error(`stopping the server of ${this.student.name}: ${r.status} ${await r.text()}`);
    while (Date.now() - started < timeoutMs) {
      const user = (await (await this.fetch(`/hub/api/users/${this.student.name}`)).json()) as UserModel;
      if (!user.servers?.[""]) return;
      await sleep(500);
    }
    throw new Error(`the server of ${this.student.name} did not stop within ${timeoutMs / 1000} s`);
  }
}
