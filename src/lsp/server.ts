// The language server: the same lint as `flyconf lint` on every open fly.toml (and opted-in Machine JSON), as you
// type, with fixes, hover, completion, symbols and the compiled Machine config. Built on the public lint API
// (lint(), fixText(), RULES), so the rule core can change underneath. Node-only: loaded by `flyconf lsp` alone.
import { dirname, join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import lsNode from "vscode-languageserver/node";
import type {
  CodeAction,
  CodeActionParams,
  Connection,
  Diagnostic as LspDiagnostic,
  DidChangeTextDocumentParams,
  InitializeParams,
  InitializeResult,
  TextDocumentContentChangeEvent,
  WorkspaceEdit,
} from "vscode-languageserver/node";
import { TextDocument } from "vscode-languageserver-textdocument";
import type { Diagnostic, Fix } from "../diagnostic.js";
import { escapeControl } from "../escape.js";
import { rulePageName } from "../format/rule-page.js";
import { fixText } from "../lint/fix.js";
import { lint, type RuleSetting } from "../lint/lint.js";
import { lintMachineJson } from "../lint/machine-lint.js";
import { RULES_BY_ID } from "../rules/index.js";
import jsonSyntax from "../rules/json-syntax.js";
import tomlSyntax from "../rules/toml-syntax.js";
import yamlSyntax from "../rules/yaml-syntax.js";
import unusedSuppression from "../rules/unused-suppression.js";
import { completions } from "./completion.js";
import { ConfigWatcher, configSearchDirs } from "./config-watch.js";
import { before, hasBom, rangesOverlap, SEVERITY, shiftRange, toLspEdit, toRange } from "./convert.js";
import { hover } from "./hover.js";
import { namedFilesOf, showMachineConfig } from "./machine-config.js";
import { readJson } from "../reader/json.js";
import type { ConfigFormat } from "../reader/app-config.js";
import { appConfigKind, isConfigFileName, SettingsStore, type DocumentSettings } from "./settings.js";
import { documentSymbols } from "./symbols.js";

const { CodeActionKind, ErrorCodes, ResponseError, TextDocumentSyncKind, DidChangeWatchedFilesNotification } = lsNode;

export const FIX_ALL_KIND = "source.fixAll.flyconf";
export const SHOW_MACHINE_CONFIG = "flyconf.showMachineConfig";
/** Lint once per burst of edits: the first edit schedules a run this long after it; later ones join that run. */
export const DEFAULT_DEBOUNCE_MS = 10;

interface OpenDoc {
  doc: TextDocument;
  settings: DocumentSettings;
  /** flyconf diagnostics of the last lint and the LSP diagnostics published for them (same order). */
  findings: Diagnostic[];
  published: LspDiagnostic[];
  /** The version `findings` were computed on. */
  lintedVersion: number;
  /** Published diagnostics carried from the last text that parsed, moved through the edits since. */
  carried: LspDiagnostic[];
  /** A fly.json holding Machines API JSON (a list, or a `{"config": …}` body): linted as Machine JSON, like the CLI. */
  machineShaped?: boolean;
  timer?: NodeJS.Timeout;
}

export interface ServerOptions {
  debounceMs?: number;
  /**
   * The directory of the rule pages (docs/rules/<id>.md): `codeDescription` links to them with file:// URLs unless
   * initializationOptions.ruleDocsUrl gives a prefix (the link is then prefix + id). Neither: no link.
   */
  ruleDocsDir?: string;
}

export class FlyconfServer {
  private readonly docs = new Map<string, OpenDoc>();
  private readonly settings = new SettingsStore();
  /** Config files that have a published diagnostic (cleared when they become valid). */
  private readonly badConfigs = new Set<string>();
  /** A prefix from initializationOptions.ruleDocsUrl (else the installed pages). */
  private ruleDocsUrl: string | undefined;
  private readonly ruleDocsDir: string | undefined;
  private debounceMs: number;

  constructor(
    private readonly connection: Connection,
    options: ServerOptions = {},
  ) {
    this.debounceMs = options.debounceMs ?? DEFAULT_DEBOUNCE_MS;
    this.ruleDocsDir = options.ruleDocsDir;
    const c = connection;
    c.onInitialize((p) => this.initialize(p));
    c.onInitialized(() => void this.registerWatchers(c));
    c.onShutdown(() => this.configWatcher?.close());
    c.onDidOpenTextDocument((p) => {
      const { uri, languageId, version, text } = p.textDocument;
      const doc = TextDocument.create(uri, languageId, version, text);
      this.docs.set(uri, { doc, settings: this.settingsFor(uri), findings: [], published: [], lintedVersion: -1, carried: [] });
      this.lintNow(uri);
      this.rewatch();
    });
    c.onDidChangeTextDocument((p) => this.change(p));
    c.onDidCloseTextDocument((p) => {
      const d = this.docs.get(p.textDocument.uri);
      if (d?.timer) clearTimeout(d.timer);
      this.docs.delete(p.textDocument.uri);
      void c.sendDiagnostics({ uri: p.textDocument.uri, diagnostics: [] });
      this.rewatch();
    });
    // A config file saved in the editor counts as changed even for clients that watch no files.
    c.onDidSaveTextDocument((p) => {
      if (isConfigFileName(basenameOf(p.textDocument.uri))) this.reloadSettings();
    });
    c.onDidChangeWatchedFiles((p) => {
      if (p.changes.some((ch) => isConfigFileName(basenameOf(ch.uri)))) this.reloadSettings();
    });
    c.onCodeAction((p) => this.codeActions(p));
    c.onHover((p) => {
      const d = this.requireDoc(p?.textDocument?.uri);
      this.flush(d);
      return hover(d.doc, p.position, d.findings.map((f, i) => ({ finding: f, range: d.published[i]!.range })), (id) => this.ruleDocHref(id), appFormat(d));
    });
    // Completion reads TOML lines (it works while the text does not parse); fly.yaml and fly.json get none.
    c.onCompletion((p) => {
      const d = this.requireDoc(p?.textDocument?.uri);
      return appFormat(d) === "toml" ? completions(d.doc, p.position) : [];
    });
    c.onDocumentSymbol((p) => {
      const d = this.requireDoc(p?.textDocument?.uri);
      this.flush(d);
      const format = appFormat(d);
      return format ? documentSymbols(d.doc, format) : [];
    });
    c.onExecuteCommand((p) => {
      if (p.command !== SHOW_MACHINE_CONFIG) throw new ResponseError(ErrorCodes.InvalidParams, `unknown command ${JSON.stringify(p.command)}`);
      const arg = (p.arguments ?? [])[0];
      // Either (uri, group?, position?) or one object { uri, group?, position? }.
      const args: { uri?: unknown; group?: unknown; position?: unknown } | undefined =
        typeof arg === "string" ? { uri: arg, group: p.arguments?.[1], position: p.arguments?.[2] } : (arg as { uri?: unknown; group?: unknown; position?: unknown } | undefined);
      const d = this.requireDoc(args?.uri);
      if (args?.group !== undefined && args.group !== null && typeof args.group !== "string") throw new ResponseError(ErrorCodes.InvalidParams, "group must be a string");
      const position = isPosition(args?.position) ? args.position : undefined;
      this.flush(d);
      const format = appFormat(d);
      if (!format) throw new ResponseError(ErrorCodes.InvalidRequest, "not an app config (fly.toml, fly.yaml or fly.json): there is no Machine config to compile");
      const r = showMachineConfig(d.doc, { group: (args?.group ?? undefined) as string | undefined, position, format });
      if (!r.ok) throw new ResponseError(ErrorCodes.InvalidRequest, r.message);
      return r.value;
    });
    // Heap after a collection (when node runs with --expose-gc): the bench checks memory stays flat over edits.
    c.onRequest("flyconf/memoryUsage", () => {
      const gc = (globalThis as { gc?: () => void }).gc;
      gc?.();
      const m = process.memoryUsage();
      return { heapUsed: m.heapUsed, rss: m.rss, collected: gc !== undefined, documents: this.docs.size, watchedDirectories: this.configWatcher?.size ?? 0 };
    });
  }

  listen(): void {
    this.connection.listen();
  }

  private initialize(p: InitializeParams): InitializeResult {
    const o = (p.initializationOptions ?? {}) as { ruleDocsUrl?: unknown; debounceMs?: unknown };
    if (typeof o.ruleDocsUrl === "string" && /^(https?|file):\/\//.test(o.ruleDocsUrl)) this.ruleDocsUrl = o.ruleDocsUrl;
    if (typeof o.debounceMs === "number" && o.debounceMs >= 0 && o.debounceMs <= 5000) this.debounceMs = o.debounceMs;
    this.watchDynamically = p.capabilities.workspace?.didChangeWatchedFiles?.dynamicRegistration === true;
    // A client that cannot be asked to watch the config files: the server watches them itself.
    if (!this.watchDynamically) this.configWatcher = new ConfigWatcher(() => this.reloadSettings());
    return {
      capabilities: {
        textDocumentSync: { openClose: true, change: TextDocumentSyncKind.Incremental, save: { includeText: false } },
        codeActionProvider: { codeActionKinds: [CodeActionKind.QuickFix, CodeActionKind.SourceFixAll, FIX_ALL_KIND], resolveProvider: false },
        hoverProvider: true,
        completionProvider: { triggerCharacters: ["[", "=", "\"", ",", " ", "."], resolveProvider: false },
        documentSymbolProvider: true,
        executeCommandProvider: { commands: [SHOW_MACHINE_CONFIG] },
      },
      serverInfo: { name: "flyconf", version: "0.1.0" },
    };
  }

  private watchDynamically = false;
  private configWatcher: ConfigWatcher | undefined;

  /** Watch the directories where the open documents' configs are or could appear (documents opened first first). */
  private rewatch(): void {
    if (!this.configWatcher) return;
    const dirs = new Set<string>();
    for (const [uri, d] of this.docs) {
      const path = fsPathOf(uri);
      if (path !== undefined) for (const dir of configSearchDirs(dirname(path), d.settings.configPath)) dirs.add(dir);
    }
    this.configWatcher.update(dirs);
  }

  private async registerWatchers(c: Connection): Promise<void> {
    if (!this.watchDynamically) return;
    try {
      await c.client.register(DidChangeWatchedFilesNotification.type, {
        watchers: [{ globPattern: "**/.flyconf.json" }, { globPattern: "**/flyconf.config.json" }],
      });
    } catch {
      /* the client declined: settings reload when documents reopen */
    }
  }

  private settingsFor(uri: string): DocumentSettings {
    const path = fsPathOf(uri);
    if (path === undefined) return { rules: {}, ignored: false, ...appConfigKind(basenameOf(uri)) };
    const s = this.settings.forFile(path);
    this.publishConfigErrors();
    return s;
  }

  /** One diagnostic per bad config file; cleared when the file is fixed. */
  private publishConfigErrors(): void {
    const bad = new Set<string>();
    for (const { path, error } of this.settings.configFiles()) {
      if (!error) continue;
      bad.add(path);
      const uri = pathToFileURL(path).href;
      const lines = error.split("\n");
      const message = lines.length > 1 ? `${lines[0]!.replace(/^.*?: /, "")}\n${lines.slice(1).join("\n")}` : error.replace(`${path}: `, "");
      void this.connection.sendDiagnostics({
        uri,
        diagnostics: [{ range: { start: { line: 0, character: 0 }, end: { line: 0, character: 1 } }, severity: SEVERITY.error, source: "flyconf", message: escapeControl(message, true) }],
      });
    }
    for (const path of this.badConfigs) if (!bad.has(path)) void this.connection.sendDiagnostics({ uri: pathToFileURL(path).href, diagnostics: [] });
    this.badConfigs.clear();
    for (const p of bad) this.badConfigs.add(p);
  }

  private reloadSettings(): void {
    this.settings.invalidate();
    for (const [uri, d] of this.docs) {
      d.settings = this.settingsFor(uri);
      d.carried = [];
      this.lintNow(uri);
    }
    if (this.docs.size === 0) this.publishConfigErrors();
    this.rewatch();
  }

  private requireDoc(uri: unknown): OpenDoc {
    if (typeof uri !== "string") throw new ResponseError(ErrorCodes.InvalidParams, "expected a textDocument uri");
    const d = this.docs.get(uri);
    if (!d) throw new ResponseError(ErrorCodes.InvalidParams, `document not open: ${uri}`);
    return d;
  }

  private change(p: DidChangeTextDocumentParams): void {
    const d = this.docs.get(p.textDocument.uri);
    if (!d) return;
    // Carry the published diagnostics through each edit, so a text that stops parsing keeps them in place.
    let published = d.carried.length ? d.carried : d.published;
    for (const ch of p.contentChanges) published = carry(published, ch);
    d.carried = published;
    d.doc = TextDocument.update(d.doc, p.contentChanges, p.textDocument.version);
    this.schedule(p.textDocument.uri, d);
  }

  private schedule(uri: string, d: OpenDoc): void {
    if (d.timer) return;
    d.timer = setTimeout(() => {
      d.timer = undefined;
      this.lintNow(uri);
    }, this.debounceMs);
  }

  /** Requests that read findings see the current text's. */
  private flush(d: OpenDoc): void {
    if (d.lintedVersion === d.doc.version) return;
    if (d.timer) clearTimeout(d.timer);
    d.timer = undefined;
    this.lintNow(d.doc.uri);
  }

  private lintNow(uri: string): void {
    const d = this.docs.get(uri);
    if (!d) return;
    const text = d.doc.getText();
    const { findings, published } = this.lintDoc(d, text);
    d.findings = findings;
    d.lintedVersion = d.doc.version;
    const broken = findings.some((f) => isSyntaxFinding(f.ruleId));
    if (broken) {
      // Keep what the last parsable text said (moved through the edits) beside the syntax error.
      const kept = d.carried.filter((x) => !isSyntaxFinding(String(x.code)));
      d.published = published;
      d.carried = kept;
      void this.connection.sendDiagnostics({ uri, version: d.doc.version, diagnostics: [...published, ...kept] });
      return;
    }
    d.published = published;
    d.carried = [];
    void this.connection.sendDiagnostics({ uri, version: d.doc.version, diagnostics: published });
  }

  private lintDoc(d: OpenDoc, text: string): { findings: Diagnostic[]; published: LspDiagnostic[] } {
    const s = d.settings;
    if (!s.kind || s.ignored) return { findings: [], published: [] };
    let findings: Diagnostic[];
    d.machineShaped = s.kind === "fly.toml" && s.format === "json" && looksLikeMachineJson(text);
    if (s.kind === "fly.toml" && !d.machineShaped) {
      // The name picks the format, as flyctl's LoadConfig does (and a fly.yml is told it is read as TOML).
      findings = lint(text, { rules: s.rules, readFile: namedFilesOf(d.doc.uri), filePath: basenameOf(d.doc.uri) }).diagnostics;
    } else findings = lintMachineJson(text, { rules: s.rules }).diagnostics;
    const bom = hasBom(text);
    return { findings, published: findings.map((f) => this.toLsp(d.doc.uri, f, bom)) };
  }

  /** The rule's documentation: ruleDocsUrl + id, else the installed page as a file:// URL. */
  private ruleDocHref(ruleId: string): string | undefined {
    if (!RULES_BY_ID.has(ruleId)) return undefined;
    if (this.ruleDocsUrl !== undefined) return `${this.ruleDocsUrl}${ruleId}`;
    return this.ruleDocsDir === undefined ? undefined : pathToFileURL(join(this.ruleDocsDir, rulePageName(ruleId))).href;
  }

  private toLsp(uri: string, f: Diagnostic, bom: boolean): LspDiagnostic {
    const out: LspDiagnostic = {
      range: toRange(f, bom),
      severity: SEVERITY[f.severity],
      source: "flyconf",
      code: f.ruleId,
      // Shown as it is by editors: control characters and bidi overrides from the file go escaped, as in the CLI.
      message: escapeControl(f.message, true),
    };
    const href = this.ruleDocHref(f.ruleId);
    if (href) out.codeDescription = { href };
    if (f.related?.length) out.relatedInformation = f.related.map((r) => ({ location: { uri, range: toRange(r, bom) }, message: escapeControl(r.message, true) }));
    if (f.ruleId === unusedSuppression.meta.id) out.tags = [1]; // Unnecessary: editors fade the stale comment
    return out;
  }

  private codeActions(p: CodeActionParams): CodeAction[] {
    const d = this.requireDoc(p?.textDocument?.uri);
    if (!d.settings.kind || d.settings.ignored) return [];
    this.flush(d);
    const only = p.context?.only;
    const wants = (kind: string) => !only || only.some((k) => kind === k || kind.startsWith(`${k}.`));
    const uri = d.doc.uri;
    const text = d.doc.getText();
    const bom = hasBom(text);
    const actions: CodeAction[] = [];
    const edit = (edits: { range: LspDiagnostic["range"]; newText: string }[]): WorkspaceEdit => ({ changes: { [uri]: edits } });

    if (wants(CodeActionKind.QuickFix)) {
      // The findings the request is about: under the range, on its lines (a cursor before the value still gets
      // the line's fixes), or named by the client.
      const named = p.context?.diagnostics ?? [];
      const relevant = (lsp: LspDiagnostic) =>
        rangesOverlap(lsp.range, p.range) ||
        (lsp.range.start.line >= p.range.start.line && lsp.range.start.line <= p.range.end.line) ||
        named.some((n) => n.code === lsp.code && n.message === lsp.message && n.range.start.line === lsp.range.start.line);
      d.findings.forEach((f, i) => {
        const lsp = d.published[i]!;
        if (!relevant(lsp)) return;
        const fixes: { fix: Fix; preferred: boolean }[] = [];
        if (f.fix) fixes.push({ fix: f.fix, preferred: true });
        for (const s of suggestionsOf(f)) fixes.push({ fix: s, preferred: false });
        for (const { fix, preferred } of fixes) {
          actions.push({
            title: preferred ? `Fix: ${fix.description}` : `Suggestion: ${fix.description}`,
            kind: CodeActionKind.QuickFix,
            diagnostics: [lsp],
            isPreferred: preferred && fixes.filter((x) => x.preferred).length === 1,
            edit: edit(fix.edits.map((e) => toLspEdit(d.doc, e, bom))),
          });
        }
        // Suppression comments are TOML comments: fly.yaml's are not read, fly.json has none.
        if (isSyntaxFinding(f.ruleId) || appFormat(d) !== "toml") return;
        const line = lsp.range.start.line;
        const lineText = d.doc.getText({ start: { line, character: 0 }, end: { line, character: Number.MAX_SAFE_INTEGER } });
        const indent = /^[\t ]*/.exec(lineText.replace(/^\uFEFF/, ""))![0];
        const at = { line, character: line === 0 && bom ? 1 : 0 };
        actions.push({
          title: `Disable ${f.ruleId} for this line`,
          kind: CodeActionKind.QuickFix,
          diagnostics: [lsp],
          edit: edit([{ range: { start: at, end: at }, newText: `${indent}# flyconf-disable-next-line ${f.ruleId} -- reason\n` }]),
        });
        const top = fileDirectiveLine(d.doc);
        actions.push({
          title: `Disable ${f.ruleId} for this file`,
          kind: CodeActionKind.QuickFix,
          diagnostics: [lsp],
          edit: edit([{ range: { start: top, end: top }, newText: `# flyconf-disable ${f.ruleId} -- reason\n` }]),
        });
      });
    }

    const fixAllKind = wants(FIX_ALL_KIND) ? FIX_ALL_KIND : wants(CodeActionKind.SourceFixAll) ? FIX_ALL_KIND : undefined;
    if (fixAllKind && appFormat(d) === "toml" && d.findings.some((f) => f.fix)) {
      const fixed = fixText(text, { rules: d.settings.rules, readFile: namedFilesOf(uri) });
      if (fixed.applied > 0) {
        const after = (bom ? "\uFEFF" : "") + fixed.text;
        actions.push({
          title: `Fix all safe problems (${fixed.applied})`,
          kind: FIX_ALL_KIND,
          diagnostics: d.published.filter((_, i) => d.findings[i]!.fix),
          edit: edit([minimalEdit(d.doc, text, after)]),
        });
      }
    }
    return actions;
  }
}

/** The app config format of a document the server lints as one (undefined: Machine JSON, or not linted). */
function appFormat(d: OpenDoc): ConfigFormat | undefined {
  if (d.settings.kind !== "fly.toml" || d.machineShaped) return undefined;
  return d.settings.format ?? "toml";
}

/** `flyconf lint`'s test for a fly.json that holds Machines API JSON (a list, or an object with a `config` object). */
function looksLikeMachineJson(text: string): boolean {
  const r = readJson(text);
  if (!r.ok) return false;
  const v = r.doc.value;
  return Array.isArray(v) || (typeof v === "object" && v !== null && typeof v.config === "object" && v.config !== null && !Array.isArray(v.config));
}

/** Meaning-changing edits (issue 12's `suggestions`): offered as non-preferred quick fixes, never in fix-all. */
function suggestionsOf(d: Diagnostic): Fix[] {
  return d.suggestions ?? [];
}

/** A file-wide directive goes after a leading `#:schema` line (taplo reads that one only on line 1). */
function fileDirectiveLine(doc: TextDocument): { line: number; character: number } {
  const first = doc.getText({ start: { line: 0, character: 0 }, end: { line: 1, character: 0 } }).replace(/^\uFEFF/, "");
  const bomShift = doc.getText().charCodeAt(0) === 0xfeff ? 1 : 0;
  if (/^#:schema\b/.test(first)) return doc.lineCount > 1 ? { line: 1, character: 0 } : { line: 0, character: first.length + bomShift };
  return { line: 0, character: bomShift };
}

/** One edit replacing only what differs between `before` and `after` (common prefix and suffix kept). */
function minimalEdit(doc: TextDocument, before: string, after: string): { range: LspDiagnostic["range"]; newText: string } {
  let s = 0;
  const max = Math.min(before.length, after.length);
  while (s < max && before.charCodeAt(s) === after.charCodeAt(s)) s++;
  let e = 0;
  while (e < max - s && before.charCodeAt(before.length - 1 - e) === after.charCodeAt(after.length - 1 - e)) e++;
  return { range: { start: doc.positionAt(s), end: doc.positionAt(before.length - e) }, newText: after.slice(s, after.length - e) };
}

function carry(diags: LspDiagnostic[], ch: TextDocumentContentChangeEvent): LspDiagnostic[] {
  if (!("range" in ch) || !ch.range) return diags; // a full-text change: positions cannot be mapped, keep them
  const out: LspDiagnostic[] = [];
  for (const d of diags) {
    const range = shiftRange(d.range, ch.range, ch.text);
    if (!range) continue;
    const relatedInformation = d.relatedInformation?.flatMap((r) => {
      const moved = shiftRange(r.location.range, ch.range, ch.text);
      return moved ? [{ ...r, location: { ...r.location, range: moved } }] : [];
    });
    out.push({ ...d, range, ...(relatedInformation ? { relatedInformation } : {}) });
  }
  return out;
}

function isPosition(p: unknown): p is { line: number; character: number } {
  return typeof p === "object" && p !== null && Number.isInteger((p as { line: unknown }).line) && Number.isInteger((p as { character: unknown }).character);
}

function fsPathOf(uri: string): string | undefined {
  if (!uri.startsWith("file:")) return undefined;
  try {
    return fileURLToPath(uri);
  } catch {
    return undefined;
  }
}

function basenameOf(uri: string): string {
  const i = uri.lastIndexOf("/");
  return decodeURIComponent(i >= 0 ? uri.slice(i + 1) : uri);
}

export { before };
export type { RuleSetting };

/** A finding that the text does not parse (the document has no tree to check). */
function isSyntaxFinding(ruleId: string): boolean {
  return ruleId === tomlSyntax.meta.id || ruleId === jsonSyntax.meta.id || ruleId === yamlSyntax.meta.id;
}
