// A real LSP client for tests and the bench: spawns `node bin/flyconf.js lsp --stdio` and talks to it with
// vscode-jsonrpc, as editors' clients do.
import { spawn, spawnSync, type ChildProcessWithoutNullStreams } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import rpc from "vscode-jsonrpc/node";
import type { MessageConnection } from "vscode-jsonrpc";

export const projectRoot = resolve(dirname(fileURLToPath(import.meta.url)), "../..");
export const bin = join(projectRoot, "bin/flyconf.js");
/** The server runs from the build (bin/flyconf.js loads dist/flyconf-lsp.cjs). */
export const lspBuilt = existsSync(join(projectRoot, "dist/flyconf-lsp.cjs"));

export interface PublishedDiagnostics {
  uri: string;
  version?: number;
  diagnostics: LspDiagnostic[];
}
export interface LspDiagnostic {
  range: { start: { line: number; character: number }; end: { line: number; character: number } };
  severity?: number;
  code?: string | number;
  source?: string;
  message: string;
  codeDescription?: { href: string };
  relatedInformation?: { location: { uri: string; range: LspDiagnostic["range"] }; message: string }[];
}

export class LspClient {
  readonly child: ChildProcessWithoutNullStreams;
  readonly conn: MessageConnection;
  readonly stderr: string[] = [];
  private readonly waiters: { uri: string; pred: (p: PublishedDiagnostics) => boolean; resolve: (p: PublishedDiagnostics) => void }[] = [];
  readonly published: PublishedDiagnostics[] = [];
  readonly exited: Promise<number | null>;

  constructor(args: string[] = ["lsp", "--stdio"], cwd = projectRoot, nodeArgs: string[] = []) {
    this.child = spawn(process.execPath, [...nodeArgs, bin, ...args], { cwd, stdio: ["pipe", "pipe", "pipe"] });
    this.child.stderr.on("data", (d) => this.stderr.push(String(d)));
    this.exited = new Promise((res) => this.child.on("exit", (code) => res(code)));
    this.conn = rpc.createMessageConnection(new rpc.StreamMessageReader(this.child.stdout), new rpc.StreamMessageWriter(this.child.stdin));
    this.conn.onNotification("textDocument/publishDiagnostics", (p: PublishedDiagnostics) => {
      this.published.push(p);
      for (let i = this.waiters.length - 1; i >= 0; i--) {
        const w = this.waiters[i]!;
        if (w.uri === p.uri && w.pred(p)) {
          this.waiters.splice(i, 1);
          w.resolve(p);
        }
      }
    });
    this.conn.onRequest("client/registerCapability", () => null);
    this.conn.onRequest("workspace/configuration", () => []);
    this.conn.listen();
  }

  /** The next publishDiagnostics for `uri` that satisfies `pred` (registered before the action that causes it). */
  nextDiagnostics(uri: string, pred: (p: PublishedDiagnostics) => boolean = () => true, timeoutMs = 10_000): Promise<PublishedDiagnostics> {
    return new Promise((res, rej) => {
      const t = setTimeout(() => rej(new Error(`no diagnostics for ${uri} within ${timeoutMs} ms; stderr: ${this.stderr.join("")}`)), timeoutMs);
      this.waiters.push({ uri, pred, resolve: (p) => (clearTimeout(t), res(p)) });
    });
  }

  async initialize(initializationOptions: unknown = {}, capabilities: unknown = {}): Promise<{ capabilities: Record<string, unknown> }> {
    const r = await this.conn.sendRequest<{ capabilities: Record<string, unknown> }>("initialize", { processId: process.pid, rootUri: null, capabilities, initializationOptions });
    await this.conn.sendNotification("initialized", {});
    return r;
  }

  async open(uri: string, text: string, languageId = "toml", version = 1): Promise<PublishedDiagnostics> {
    const next = this.nextDiagnostics(uri, (p) => p.version === version);
    await this.conn.sendNotification("textDocument/didOpen", { textDocument: { uri, languageId, version, text } });
    return next;
  }

  async change(uri: string, version: number, contentChanges: unknown[]): Promise<PublishedDiagnostics> {
    const next = this.nextDiagnostics(uri, (p) => p.version === version);
    await this.conn.sendNotification("textDocument/didChange", { textDocument: { uri, version }, contentChanges });
    return next;
  }

  request<T>(method: string, params: unknown): Promise<T> {
    return this.conn.sendRequest<T>(method, params);
  }

  /** shutdown, exit; resolves with the process's exit code. */
  async stop(): Promise<number | null> {
    await this.conn.sendRequest("shutdown");
    await this.conn.sendNotification("exit");
    const code = await this.exited;
    this.conn.dispose();
    return code;
  }

  kill(): void {
    if (this.child.exitCode === null) this.child.kill();
  }
}

/**
 * Runs an editor (test/integration) whose script writes what it saw as JSON to `out`; returns that report, or throws
 * with the editor's exit and output when it wrote none.
 */
export function runEditor<T>(program: string, args: string[], out: string, options: { cwd?: string; env: NodeJS.ProcessEnv }): T {
  const r = spawnSync(program, args, { ...options, encoding: "utf8", timeout: 120_000 });
  try {
    return JSON.parse(readFileSync(out, "utf8")) as T;
  } catch {
    throw new Error(`${program} wrote no report (exit ${r.status}, signal ${r.signal}): ${r.stderr}${r.stdout}`);
  }
}
