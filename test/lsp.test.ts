// `flyconf lsp --stdio` at the protocol level: the real binary as a child process, driven by vscode-jsonrpc's client
// the way editors drive it. Needs the build (npm run build; .ci/run builds first): without it the suite fails.
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { parseTOML } from "toml-eslint-parser";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { lint } from "../src/lint/lint.js";
import { KEY_DOCS } from "../src/model/key-docs.js";
import { RULES_BY_ID } from "../src/rules/index.js";
import { LspClient, lspBuilt, projectRoot, type LspDiagnostic } from "./helpers/lsp-client.js";

/** fly.toml with a string autostart (line 7): shared with the Neovim end-to-end test. */
const STRING_AUTOSTART = readFileSync(join(projectRoot, "fixtures/lsp/string-autostart.fly.toml"), "utf8");

const PORT_CONFLICT = `app = "demo"

[http_service]
  internal_port = 3000
  auto_stop_machines = "stop"
  auto_start_machines = true

[[services]]
  internal_port = 8443
  protocol = "tcp"
  auto_stop_machines = "stop"
  auto_start_machines = true

  [[services.ports]]
    port = 443
    handlers = ["tls"]
`;

const GROUPS = `app = "demo"

[processes]
  web = "bin/web"
  worker = "bin/worker"

[http_service]
  internal_port = 8080
  processes = ["web"]
  auto_stop_machines = "stop"
  auto_start_machines = true

[[vm]]
  size = "shared-cpu-2x"
  processes = ["worker"]
`;

type CodeAction = { title: string; kind?: string; isPreferred?: boolean; diagnostics?: LspDiagnostic[]; edit?: { changes: Record<string, { range: LspDiagnostic["range"]; newText: string }[]> } };
type Completion = { label: string; insertText?: string; detail?: string; textEdit?: { newText: string } };

/** Applies LSP text edits to a text (what an editor does with a WorkspaceEdit). */
function applyEdits(text: string, edits: { range: LspDiagnostic["range"]; newText: string }[]): string {
  const lines = text.split("\n");
  const offset = (p: { line: number; character: number }) => lines.slice(0, p.line).reduce((n, l) => n + l.length + 1, 0) + p.character;
  const sorted = [...edits].sort((a, b) => offset(b.range.start) - offset(a.range.start));
  let out = text;
  for (const e of sorted) out = out.slice(0, offset(e.range.start)) + e.newText + out.slice(offset(e.range.end));
  return out;
}

describe("flyconf lsp --stdio (protocol)", () => {
  let dir: string;
  let client: LspClient;
  const uriOf = (name: string) => pathToFileURL(join(dir, name)).href;

  beforeAll(async () => {
    if (!lspBuilt) throw new Error("dist/flyconf-lsp.cjs is missing: run npm run build before npm test");
    dir = mkdtempSync(join(tmpdir(), "flyconf-lsp-"));
    mkdirSync(join(dir, "app"));
    mkdirSync(join(dir, "machines"));
    client = new LspClient();
  });
  afterAll(() => {
    client?.kill();
    rmSync(dir, { recursive: true, force: true });
  });

  it("initialize: incremental sync, code actions incl. source.fixAll.flyconf, hover, completion, symbols, the command", async () => {
    const r = await client.initialize({}, { workspace: { didChangeWatchedFiles: { dynamicRegistration: true } } });
    // eslint-disable-next-line @typescript-eslint/no-explicit-any -- the server's answer, read field by field below
    const caps = r.capabilities as Record<string, any>;
    expect(caps.textDocumentSync.change).toBe(2);
    expect(caps.codeActionProvider.codeActionKinds).toEqual(expect.arrayContaining(["quickfix", "source.fixAll.flyconf"]));
    expect(caps.hoverProvider).toBe(true);
    expect(caps.completionProvider).toBeTruthy();
    expect(caps.documentSymbolProvider).toBe(true);
    expect(caps.executeCommandProvider.commands).toEqual(["flyconf.showMachineConfig"]);
  });

  it("open: the same rule ids, severities, ranges and messages as flyconf lint, with codeDescription", async () => {
    const uri = uriOf("app/fly.toml");
    writeFileSync(join(dir, "app/fly.toml"), STRING_AUTOSTART);
    const p = await client.open(uri, STRING_AUTOSTART);
    const expected = lint(STRING_AUTOSTART).diagnostics;
    expect(expected.length).toBeGreaterThan(0);
    expect(
      p.diagnostics.map((d) => ({
        code: d.code,
        severity: d.severity,
        line: d.range.start.line + 1,
        column: d.range.start.character + 1,
        endLine: d.range.end.line + 1,
        endColumn: d.range.end.character + 1,
        message: d.message,
      })),
    ).toEqual(
      expected.map((d) => {
        const severity = { error: 1, warning: 2, info: 3 }[d.severity];
        return { code: d.ruleId, severity, line: d.line, column: d.column, endLine: d.endLine, endColumn: d.endColumn, message: d.message };
      }),
    );
    const autostart = p.diagnostics.find((d) => d.code === "autostart-type")!;
    expect(autostart.range.start.line).toBe(6);
    expect(autostart.source).toBe("flyconf");
    // The rule's page in this installation (docs/rules, shipped in the package).
    expect(autostart.codeDescription?.href).toBe(pathToFileURL(join(projectRoot, "docs/rules/autostart-type.md")).href);
  });

  it("relatedInformation points at the other place (port-conflict: the port already taken)", async () => {
    const uri = uriOf("ports/fly.toml");
    const p = await client.open(uri, PORT_CONFLICT);
    const d = p.diagnostics.find((x) => x.code === "port-conflict")!;
    expect(d.range.start.line).toBe(14); // port = 443
    expect(d.relatedInformation).toHaveLength(1);
    expect(d.relatedInformation![0]!.location.uri).toBe(uri);
    expect(d.relatedInformation![0]!.location.range.start.line).toBe(2); // [http_service]
    expect(d.relatedInformation![0]!.message).toMatch(/443/);
  });

  it("relatedInformation for group-inconsistent names the other service's setting", async () => {
    const text = PORT_CONFLICT.replace('port = 443', "port = 8443").replace(/(\[\[services\]\][^]*?)auto_stop_machines = "stop"\n/, "$1auto_stop_machines = \"off\"\n");
    const uri = uriOf("groups/fly.toml");
    const p = await client.open(uri, text);
    const d = p.diagnostics.find((x) => x.code === "group-inconsistent")!;
    expect(d).toBeDefined();
    expect(d.relatedInformation?.[0]?.location.range.start.line).toBe(4); // auto_stop_machines in [http_service]
    expect(d.relatedInformation?.[0]?.message).toMatch(/http_service\]? sets auto_stop_machines = "stop"/);
  });

  it("incremental change: fixing the value clears the finding; a full change brings it back", async () => {
    const uri = uriOf("app/fly.toml");
    const fixed = await client.change(uri, 2, [{ range: { start: { line: 6, character: 24 }, end: { line: 6, character: 30 } }, text: "true" }]);
    expect(fixed.diagnostics.filter((d) => d.code === "autostart-type")).toEqual([]);
    const full = await client.change(uri, 3, [{ text: STRING_AUTOSTART }]);
    expect(full.diagnostics.map((d) => d.code)).toContain("autostart-type");
  });

  it("an edit that breaks the syntax keeps the other diagnostics (moved with the text) beside the syntax error", async () => {
    const uri = uriOf("app/fly.toml");
    // Insert two lines at the top, the first of them unparsable.
    const p = await client.change(uri, 4, [{ range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, text: "[[[ oops\n\n" }]);
    const codes = p.diagnostics.map((d) => d.code);
    expect(codes).toContain("toml-syntax");
    const kept = p.diagnostics.find((d) => d.code === "autostart-type")!;
    expect(kept.range.start.line).toBe(8);
    // Removing the breakage: fresh diagnostics, no syntax error.
    const back = await client.change(uri, 5, [{ range: { start: { line: 0, character: 0 }, end: { line: 2, character: 0 } }, text: "" }]);
    expect(back.diagnostics.map((d) => d.code)).toEqual(["autostart-type"]);
    expect(back.diagnostics[0]!.range.start.line).toBe(6);
  });

  it("hover: key documentation (type, values, default, Machine config) and, on a finding, the rule's explanation", async () => {
    const uri = uriOf("app/fly.toml");
    const onKey = await client.request<{ contents: { kind: string; value: string } }>("textDocument/hover", { textDocument: { uri }, position: { line: 5, character: 4 } });
    expect(onKey.contents.kind).toBe("markdown");
    expect(onKey.contents.value).toContain("http_service.auto_stop_machines");
    expect(onKey.contents.value).toContain(KEY_DOCS["http_service"] ? "services[].autostop" : "");
    expect(onKey.contents.value).toContain('"suspend"');
    const onFinding = await client.request<{ contents: { value: string } }>("textDocument/hover", { textDocument: { uri }, position: { line: 6, character: 26 } });
    expect(onFinding.contents.value).toContain(RULES_BY_ID.get("autostart-type")!.meta.description);
    expect(onFinding.contents.value).toContain("http_service.auto_start_machines");
  });

  it("completion: keys of the cursor's table not yet present, enum values, group names, section headers", async () => {
    const uri = uriOf("completion/fly.toml");
    const text = `${GROUPS}\n[[services]]\n  processes = ["web", \n  \n`;
    await client.open(uri, text);
    const lines = text.split("\n");
    const at = (line: number, character: number) => client.request<Completion[]>("textDocument/completion", { textDocument: { uri }, position: { line, character } });

    // A new key line inside [[services]]: `processes` is written, `internal_port` is not.
    const keyLine = lines.length - 2;
    const keys = (await at(keyLine, 2)).map((c) => c.label);
    expect(keys).toContain("internal_port");
    expect(keys).toContain("auto_stop_machines");
    expect(keys).not.toContain("processes");
    expect(keys).not.toContain("app"); // a root key, not a service key

    // Group names inside processes = [...]: those not yet listed.
    const procLine = lines.findIndex((l) => l.startsWith('  processes = ["web", '));
    const groups = await at(procLine, lines[procLine]!.length);
    expect(groups.map((c) => c.label)).toEqual(["worker"]);
    expect(groups[0]!.insertText).toBe('"worker"');

    // Enum values after `key = `.
    await client.change(uri, 2, [{ range: { start: { line: keyLine, character: 0 }, end: { line: keyLine, character: 2 } }, text: "  auto_stop_machines = " }]);
    const values = await at(keyLine, "  auto_stop_machines = ".length);
    expect(values.map((c) => c.label)).toEqual(['"stop"', '"suspend"', '"off"', "true", "false"]);
    await client.change(uri, 3, [{ range: { start: { line: keyLine, character: 0 }, end: { line: keyLine, character: "  auto_stop_machines = ".length } }, text: "  protocol = " }]);
    expect((await at(keyLine, "  protocol = ".length)).map((c) => c.label)).toEqual(['"tcp"', '"udp"']);

    // Table headers after `[` at the top level; `[[` offers arrays of tables only.
    await client.change(uri, 4, [{ range: { start: { line: keyLine, character: 0 }, end: { line: keyLine, character: "  protocol = ".length } }, text: "[[" }]);
    const headers = (await at(keyLine, 2)).map((c) => c.label);
    expect(headers).toContain("[[services.ports]]");
    expect(headers).toContain("[[vm]]");
    expect(headers).not.toContain("[http_service]");
    await client.change(uri, 5, [{ range: { start: { line: keyLine, character: 0 }, end: { line: keyLine, character: 2 } }, text: "[" }]);
    const single = (await at(keyLine, 1)).map((c) => c.label);
    expect(single).toContain("[http_service]");
    expect(single).toContain("[checks.NAME]");
    expect(single).not.toContain("[[mount]]"); // legacy alias, never offered
  });

  it("code actions: the safe fix (preferred), disable for the line and the file, fix all safe problems", async () => {
    const uri = uriOf("app/fly.toml");
    const line6 = { start: { line: 6, character: 2 }, end: { line: 6, character: 2 } };
    const actions = await client.request<CodeAction[]>("textDocument/codeAction", { textDocument: { uri }, range: line6, context: { diagnostics: [] } });
    const fix = actions.find((a) => a.title.startsWith("Fix:"))!;
    expect(fix.kind).toBe("quickfix");
    expect(fix.isPreferred).toBe(true);
    expect(fix.diagnostics?.[0]?.code).toBe("autostart-type");
    expect(applyEdits(STRING_AUTOSTART, fix.edit!.changes[uri]!)).toBe(STRING_AUTOSTART.replace('"true"', "true"));

    const line = actions.find((a) => a.title === "Disable autostart-type for this line")!;
    const disabled = applyEdits(STRING_AUTOSTART, line.edit!.changes[uri]!);
    expect(disabled.split("\n")[6]).toBe("  # flyconf-disable-next-line autostart-type -- reason");
    expect(lint(disabled).diagnostics.map((d) => d.ruleId)).not.toContain("autostart-type");
    const file = actions.find((a) => a.title === "Disable autostart-type for this file")!;
    const disabledFile = applyEdits(STRING_AUTOSTART, file.edit!.changes[uri]!);
    expect(disabledFile.split("\n")[0]).toBe("# flyconf-disable autostart-type -- reason");
    expect(lint(disabledFile).diagnostics.map((d) => d.ruleId)).not.toContain("autostart-type");

    const all = await client.request<CodeAction[]>("textDocument/codeAction", { textDocument: { uri }, range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, context: { diagnostics: [], only: ["source.fixAll"] } });
    expect(all.map((a) => a.kind)).toEqual(["source.fixAll.flyconf"]);
    const fixedAll = applyEdits(STRING_AUTOSTART, all[0]!.edit!.changes[uri]!);
    expect(lint(fixedAll).diagnostics.filter((d) => d.fix)).toEqual([]);
    expect(fixedAll).toContain("auto_start_machines = true");
  });

  it("document symbols: sections, services and process groups", async () => {
    const uri = uriOf("completion/fly.toml");
    await client.change(uri, 6, [{ text: GROUPS }]);
    const symbols = await client.request<{ name: string; children?: { name: string }[] }[]>("textDocument/documentSymbol", { textDocument: { uri } });
    expect(symbols.map((s) => s.name)).toEqual(["app", "processes", "http_service", "vm"]);
    expect(symbols.find((s) => s.name === "processes")!.children!.map((c) => c.name)).toEqual(["web", "worker"]);
    expect(symbols.find((s) => s.name === "vm")!.children!.map((c) => c.name)).toEqual(["#1 (worker)"]);
  });

  it("workspace/executeCommand flyconf.showMachineConfig: the group asked for, or the one at the cursor", async () => {
    const uri = uriOf("completion/fly.toml");
    // eslint-disable-next-line @typescript-eslint/no-explicit-any -- a Machine config, read field by field below
    const web = await client.request<{ group: string; groups: string[]; config: any; json: string }>("workspace/executeCommand", { command: "flyconf.showMachineConfig", arguments: [{ uri, group: "web" }] });
    expect(web.group).toBe("web");
    expect(web.groups).toEqual(["web", "worker"]);
    expect(web.config.services[0].autostop).toBe(true);
    expect(web.config.metadata.fly_process_group).toBe("web");
    expect(JSON.parse(web.json)).toEqual(web.config);
    // The cursor inside [[vm]] (processes = ["worker"]).
    const vmLine = GROUPS.split("\n").findIndex((l) => l.includes('size = "shared-cpu-2x"'));
    // eslint-disable-next-line @typescript-eslint/no-explicit-any -- a Machine config, read field by field below
    const worker = await client.request<{ group: string; config: any }>("workspace/executeCommand", { command: "flyconf.showMachineConfig", arguments: [uri, null, { line: vmLine, character: 4 }] });
    expect(worker.group).toBe("worker");
    expect(worker.config.guest.cpus).toBe(2);
    await expect(client.request("workspace/executeCommand", { command: "flyconf.showMachineConfig", arguments: [{ uri, group: "nope" }] })).rejects.toThrow(/"nope" is not defined/);
  });

  it("settings: .flyconf.json is read, reloaded on didChangeWatchedFiles; a bad one is one diagnostic on it", async () => {
    const uri = uriOf("app/fly.toml");
    const cfg = join(dir, ".flyconf.json");
    const cfgUri = pathToFileURL(cfg).href;
    writeFileSync(cfg, JSON.stringify({ rules: { "autostart-type": "off" } }));
    let next = client.nextDiagnostics(uri, (p) => !p.diagnostics.some((d) => d.code === "autostart-type"));
    await client.conn.sendNotification("workspace/didChangeWatchedFiles", { changes: [{ uri: cfgUri, type: 1 }] });
    await next;

    writeFileSync(cfg, '{ "rules": { "autostart-typo": "off" } }');
    const bad = client.nextDiagnostics(cfgUri);
    next = client.nextDiagnostics(uri, (p) => p.diagnostics.some((d) => d.code === "autostart-type"));
    await client.conn.sendNotification("workspace/didChangeWatchedFiles", { changes: [{ uri: cfgUri, type: 2 }] });
    const onConfig = await bad;
    expect(onConfig.diagnostics).toHaveLength(1);
    expect(onConfig.diagnostics[0]!.message).toMatch(/unknown rule "autostart-typo" \(did you mean "autostart-type"\?\)/);
    // A configuration file that cannot be used is an I/O-like error: no id (every printed id is a registered rule).
    expect(onConfig.diagnostics[0]!.code).toBeUndefined();
    await next; // the document is linted with the defaults meanwhile

    writeFileSync(cfg, JSON.stringify({ rules: {}, machines: ["machines/*.json"] }));
    const cleared = client.nextDiagnostics(cfgUri, (p) => p.diagnostics.length === 0);
    await client.conn.sendNotification("workspace/didChangeWatchedFiles", { changes: [{ uri: cfgUri, type: 2 }] });
    await cleared;
  });

  it("config files are read as the CLI reads them: a link to /dev/zero is no config file, an oversized one is one diagnostic", async () => {
    mkdirSync(join(dir, "hostile"));
    symlinkSync("/dev/zero", join(dir, "hostile/.flyconf.json"));
    const p = await client.open(uriOf("hostile/fly.toml"), STRING_AUTOSTART);
    expect(p.diagnostics.map((d) => d.code)).toContain("autostart-type"); // linted with the defaults, no hang

    mkdirSync(join(dir, "big"));
    writeFileSync(join(dir, "big/.flyconf.json"), `{"rules": {}}${" ".repeat(1024 * 1024)}`);
    const cfgUri = pathToFileURL(join(dir, "big/.flyconf.json")).href;
    const onConfig = client.nextDiagnostics(cfgUri);
    const q = await client.open(uriOf("big/fly.toml"), STRING_AUTOSTART);
    expect(q.diagnostics.map((d) => d.code)).toContain("autostart-type");
    const c = await onConfig;
    expect(c.diagnostics).toHaveLength(1);
    expect(c.diagnostics[0]!.message).toMatch(/over the \d+-byte limit/);
  });

  it("Machine JSON files opted in by pattern are linted; other JSON files are not", async () => {
    const body = '{"config": {"image": "x", "services": [{"protocol": "tcp", "internal_port": 8080, "autostart": "true", "ports": [{"port": 80}]}]}}';
    const m = await client.open(uriOf("machines/web.json"), body, "json");
    expect(m.diagnostics.map((d) => d.code)).toEqual(expect.arrayContaining(["autostart-type", "detached-machine"]));
    const other = await client.open(uriOf("package.json"), body, "json");
    expect(other.diagnostics).toEqual([]);
  });

  for (const format of ["yaml", "json"] as const) {
    it(`fly.${format}: flyconf lint's findings and ranges, key hover, outline, Machine config; no fixes or completion`, async () => {
      const text = readFileSync(join(projectRoot, `fixtures/lsp/string-autostart.fly.${format}`), "utf8");
      const name = `fly.staging.${format}`;
      const uri = uriOf(`${format}/${name}`);
      const p = await client.open(uri, text, format);
      const expected = lint(text, { filePath: name }).diagnostics;
      expect(expected.map((d) => d.ruleId)).toEqual(["unknown-key", "autostart-type"]);
      const got = p.diagnostics.map(({ code, range: { start: s, end: e }, message }) => ({
        code,
        ...{ line: s.line + 1, column: s.character + 1, endLine: e.line + 1, endColumn: e.character + 1 },
        message,
      }));
      expect(got).toEqual(
        expected.map((d) => ({ code: d.ruleId, line: d.line, column: d.column, endLine: d.endLine, endColumn: d.endColumn, message: d.message })),
      );
      const lines = text.split("\n");
      const at = (needle: string) => ({ line: lines.findIndex((l) => l.includes(needle)), character: lines.find((l) => l.includes(needle))!.indexOf(needle) + 2 });

      // Hover: the key documentation, as in fly.toml; on the finding, the rule's explanation.
      const onKey = await client.request<{ contents: { value: string } }>("textDocument/hover", { textDocument: { uri }, position: at("auto_stop_machines") });
      expect(onKey.contents.value).toContain("http_service.auto_stop_machines");
      expect(onKey.contents.value).toContain("services[].autostop");
      const onFinding = await client.request<{ contents: { value: string } }>("textDocument/hover", { textDocument: { uri }, position: at('"true"') });
      expect(onFinding.contents.value).toContain(RULES_BY_ID.get("autostart-type")!.meta.description);

      // Fixes are TOML edits (flyconf lint --fix edits fly.toml only), suppression comments TOML comments: no actions.
      const actions = await client.request<CodeAction[]>("textDocument/codeAction", { textDocument: { uri }, range: { start: at('"true"'), end: at('"true"') }, context: { diagnostics: [] } });
      expect(actions).toEqual([]);
      expect(await client.request<Completion[]>("textDocument/completion", { textDocument: { uri }, position: { line: lines.length - 1, character: 0 } })).toEqual([]);

      const symbols = await client.request<{ name: string; range: LspDiagnostic["range"]; children?: { name: string }[] }[]>("textDocument/documentSymbol", { textDocument: { uri } });
      expect(symbols.map((s) => s.name)).toEqual(["app", "primary_region", "procesess", "http_service"]);
      expect(symbols.find((s) => s.name === "http_service")!.range.start.line).toBe(at("http_service").line);

      // A syntax error keeps the other findings beside it; fixing the value, the Machine config compiles.
      const broken = await client.change(uri, 2, [{ range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, text: format === "yaml" ? "app: [\n" : "{\n" }]);
      expect(broken.diagnostics.map((d) => d.code)).toEqual([`${format}-syntax`, "unknown-key", "autostart-type"]);
      const fixedText = text.replace('"true"', "true");
      const fixed = await client.change(uri, 3, [{ text: fixedText }]);
      expect(fixed.diagnostics.map((d) => d.code)).toEqual(["unknown-key"]);
      // eslint-disable-next-line @typescript-eslint/no-explicit-any -- a Machine config, read field by field below
      const m = await client.request<{ group: string; config: any }>("workspace/executeCommand", { command: "flyconf.showMachineConfig", arguments: [{ uri }] });
      expect(m.group).toBe("app");
      expect(m.config.services[0]).toMatchObject({ internal_port: 8080, autostop: true, autostart: true });
    });
  }

  it("a fly.json holding Machines API JSON is linted as Machine JSON, as flyconf lint does", async () => {
    const body = '{"config": {"image": "x", "services": [{"protocol": "tcp", "internal_port": 8080, "autostart": "true", "ports": [{"port": 80}]}]}}';
    const p = await client.open(uriOf("json/fly.json"), body, "json");
    expect(p.diagnostics.map((d) => d.code)).toEqual(expect.arrayContaining(["autostart-type", "detached-machine"]));
    await expect(client.request("workspace/executeCommand", { command: "flyconf.showMachineConfig", arguments: [{ uri: uriOf("json/fly.json") }] })).rejects.toThrow(/not an app config/);
  });

  it("messages reach the editor escaped: a key holding a bidi override or an escape sequence, a config error", async () => {
    mkdirSync(join(dir, "escaped"));
    // A raw bidi override (TOML allows it in a quoted key) and an escape sequence written as a TOML escape.
    const text = 'app = "a"\n"k\u202egnp.exe\\u001b[2J" = 1\n';
    const p = await client.open(uriOf("escaped/fly.toml"), text);
    const unknown = p.diagnostics.find((d) => d.code === "unknown-key");
    const cli = lint(text).diagnostics.find((d) => d.ruleId === "unknown-key")!.message;
    expect(cli).toContain("\u202e");
    expect(unknown?.message).toBe(cli.replace("\u202e", "\\u202e"));
    expect(unknown?.message).not.toMatch(/[\u0000-\u0009\u000b-\u001f\u202e]/);

    mkdirSync(join(dir, "escaped-config"));
    writeFileSync(join(dir, "escaped-config/.flyconf.json"), JSON.stringify({ rules: { "x\u001b]0;T\u0007": "off" } }));
    const cfgUri = pathToFileURL(join(dir, "escaped-config/.flyconf.json")).href;
    const onConfig = client.nextDiagnostics(cfgUri);
    await client.open(uriOf("escaped-config/fly.toml"), 'app = "a"\n');
    const c = await onConfig;
    expect(c.diagnostics).toHaveLength(1);
    expect(c.diagnostics[0]!.message).toContain("x\\u001b]0;T\\u0007");
    expect(c.diagnostics[0]!.message).not.toMatch(/[\u0000-\u0009\u000b-\u001f\u202e]/);
  });

  it("a malformed message is answered with an error and the server keeps running", async () => {
    // Not JSON at all: the transport reports it, the server stays up.
    const junk = "{ this is not json";
    client.child.stdin.write(`Content-Length: ${Buffer.byteLength(junk)}\r\n\r\n${junk}`);
    // A request with malformed params is answered with an error response.
    await expect(client.request("textDocument/hover", { textDocument: 42, position: "here" })).rejects.toMatchObject({ code: -32602 });
    await expect(client.request("workspace/executeCommand", { command: "flyconf.nope", arguments: [] })).rejects.toMatchObject({ code: -32602 });
    await expect(client.request("flyconf/notAMethod", {})).rejects.toMatchObject({ code: -32601 });
    // Still answering.
    const h = await client.request<{ contents: { value: string } } | null>("textDocument/hover", { textDocument: { uri: uriOf("app/fly.toml") }, position: { line: 4, character: 4 } });
    expect(h?.contents.value).toContain("internal_port");
    expect(client.child.exitCode).toBeNull();
  });

  it("every codeDescription published links to a page that exists", () => {
    const hrefs = new Set(client.published.flatMap((p) => p.diagnostics.flatMap((d) => (d.codeDescription ? [d.codeDescription.href] : []))));
    expect(hrefs.size).toBeGreaterThan(5);
    for (const href of hrefs) {
      expect(href.startsWith("file:"), href).toBe(true);
      expect(existsSync(fileURLToPath(href)), href).toBe(true);
    }
    // Every finding with a rule id has one (a bad config file's diagnostic has no id).
    const without = client.published.flatMap((p) => p.diagnostics.filter((d) => d.code !== undefined && !d.codeDescription));
    expect(without.map((d) => `${String(d.code)}: ${d.message}`)).toEqual([]);
    expect(client.published.flatMap((p) => p.diagnostics).filter((d) => d.code !== undefined).length).toBeGreaterThan(20);
  });

  it("shutdown then exit: exit code 0", async () => {
    expect(await client.stop()).toBe(0);
  });
});

describe("README editor set-ups", () => {
  const readme = readFileSync(join(projectRoot, "README.md"), "utf8");
  const block = (after: string, lang: string) => new RegExp(`\\*\\*${after}\\*\\*[^]*?\`\`\`${lang}\\n([^]*?)\`\`\``).exec(readme)?.[1];

  it("Helix: valid TOML naming flyconf lsp --stdio beside taplo for toml", () => {
    const text = block("Helix", "toml")!;
    const ast = parseTOML(text, { tomlVersion: "1.0.0" });
    expect(ast.type).toBe("Program");
    expect(text).toContain('command = "flyconf"');
    expect(text).toContain('args = ["lsp", "--stdio"]');
    expect(text).toMatch(/language-servers = \["taplo", "flyconf"\]/);
  });

  it("Emacs: eglot runs flyconf lsp --stdio for fly.toml, fly.yaml and fly.json names only", () => {
    const text = block("Emacs", "elisp")!;
    expect(text).toContain('("flyconf" "lsp" "--stdio")');
    // The elisp regex, read back as the regex Emacs sees: fly.X and fly.ENV.X for toml, yaml, json; nothing else.
    const lisp = /string-match-p "((?:[^"\\]|\\.)*)"/.exec(text)![1]!.replace(/\\\\/g, "\\");
    const re = new RegExp(lisp.replace("\\`", "^").replace("\\'", "$").replace(/\\\(/g, "(").replace(/\\\)/g, ")").replace(/\\\|/g, "|"));
    expect(["fly.toml", "fly.staging.toml", "fly.yaml", "fly.prod.yaml", "fly.json", "fly.staging.json"].every((n) => re.test(n))).toBe(true);
    expect(["Cargo.toml", "xfly.toml", "fly.yml", "package.json", "fly.toml.bak"].some((n) => re.test(n))).toBe(false);
  });
});

describe("flyconf lsp --stdio with a client that watches no files (Neovim 0.7)", () => {
  let dir: string;
  let client: LspClient;
  beforeAll(async () => {
    if (!lspBuilt) throw new Error("dist/flyconf-lsp.cjs is missing: run npm run build before npm test");
    dir = mkdtempSync(join(tmpdir(), "flyconf-lsp-watch-"));
    mkdirSync(join(dir, "app"));
    client = new LspClient();
    // No workspace.didChangeWatchedFiles.dynamicRegistration; another docs prefix.
    await client.initialize({ ruleDocsUrl: "https://docs.example.test/rules/" }, {});
  });
  afterAll(() => {
    client?.kill();
    rmSync(dir, { recursive: true, force: true });
  });
  const usage = () => client.request<{ watchedDirectories: number }>("flyconf/memoryUsage", {});

  it("ruleDocsUrl overrides the installed pages: prefix + rule id", async () => {
    const p = await client.open(pathToFileURL(join(dir, "app/fly.toml")).href, STRING_AUTOSTART);
    expect(p.diagnostics.find((d) => d.code === "autostart-type")!.codeDescription?.href).toBe("https://docs.example.test/rules/autostart-type");
  });

  it("the server watches the config files itself: written, broken, deleted, the diagnostics follow without any edit", async () => {
    const uri = pathToFileURL(join(dir, "app/fly.toml")).href;
    // The document's directory and each one above it, to the root (no config yet): where one could appear.
    expect((await usage()).watchedDirectories).toBe(join(dir, "app").split("/").length);
    const cfg = join(dir, ".flyconf.json");
    const cfgUri = pathToFileURL(cfg).href;

    let next = client.nextDiagnostics(uri, (p) => !p.diagnostics.some((d) => d.code === "autostart-type"));
    writeFileSync(cfg, JSON.stringify({ rules: { "autostart-type": "off" } }));
    await next;
    // Now the chain stops at the config's directory.
    expect((await usage()).watchedDirectories).toBe(2);

    const bad = client.nextDiagnostics(cfgUri, (p) => p.diagnostics.length === 1);
    next = client.nextDiagnostics(uri, (p) => p.diagnostics.some((d) => d.code === "autostart-type"));
    writeFileSync(cfg, '{ "rules": { "autostart-typo": "off" } }');
    expect((await bad).diagnostics[0]!.message).toMatch(/unknown rule "autostart-typo"/);
    await next;

    writeFileSync(cfg, JSON.stringify({ rules: { "autostart-type": "off" } }));
    await client.nextDiagnostics(uri, (p) => !p.diagnostics.some((d) => d.code === "autostart-type"));
    next = client.nextDiagnostics(uri, (p) => p.diagnostics.some((d) => d.code === "autostart-type"));
    rmSync(cfg);
    await next;
    // Nothing but didOpen was ever sent for the document.
    expect(client.published.filter((p) => p.uri === uri).every((p) => p.version === 1)).toBe(true);
  });

  it("at most 64 directories are watched; closing documents closes their watches", async () => {
    const uris: string[] = [];
    for (let i = 0; i < 80; i++) {
      mkdirSync(join(dir, `many/d${i}`), { recursive: true });
      uris.push(pathToFileURL(join(dir, `many/d${i}/fly.toml`)).href);
      await client.open(uris[i]!, 'app = "x"\n');
    }
    expect((await usage()).watchedDirectories).toBe(64);
    for (const uri of uris) await client.conn.sendNotification("textDocument/didClose", { textDocument: { uri } });
    expect((await usage()).watchedDirectories).toBe(join(dir, "app").split("/").length);
  });

  it("shutdown then exit: exit code 0", async () => {
    expect(await client.stop()).toBe(0);
  });
});
