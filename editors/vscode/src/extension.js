// The VS Code side of flyconf: a thin client that starts `flyconf lsp --stdio` for fly.toml, fly.yaml, fly.json, their
// fly.*.X variants and (when .flyconf.json opts them in) Machine JSON files. Everything else happens in the server.
"use strict";
const { existsSync } = require("node:fs");
const { join } = require("node:path");
const vscode = require("vscode");
const { LanguageClient } = require("vscode-languageclient/node");

/** The document patterns the server handles; JSON files are linted only when .flyconf.json opts them in. */
const DOCUMENT_SELECTOR = [
  { scheme: "file", pattern: "**/fly.toml" },
  { scheme: "file", pattern: "**/fly.*.toml" },
  { scheme: "file", pattern: "**/fly.yaml" },
  { scheme: "file", pattern: "**/fly.*.yaml" },
  { scheme: "file", pattern: "**/fly.json" },
  { scheme: "file", pattern: "**/fly.*.json" },
  { scheme: "file", language: "json" },
];

let client;

function flyconfCommand() {
  const configured = vscode.workspace.getConfiguration("flyconf").get("path");
  if (configured) return configured;
  for (const folder of vscode.workspace.workspaceFolders ?? []) {
    const local = join(folder.uri.fsPath, "node_modules", ".bin", process.platform === "win32" ? "flyconf.cmd" : "flyconf");
    if (existsSync(local)) return local;
  }
  return "flyconf";
}

async function start(context) {
  const command = flyconfCommand();
  const run = { command, args: ["lsp", "--stdio"], options: { shell: process.platform === "win32" } };
  client = new LanguageClient("flyconf", "flyconf", { run, debug: run }, {
    documentSelector: DOCUMENT_SELECTOR,
    synchronize: { fileEvents: vscode.workspace.createFileSystemWatcher("**/{.flyconf.json,flyconf.config.json}") },
  });
  await client.start();
  context.subscriptions.push({ dispose: () => client && client.stop() });
}

async function activate(context) {
  context.subscriptions.push(
    vscode.commands.registerCommand("flyconf.showMachineConfig", async () => {
      const editor = vscode.window.activeTextEditor;
      if (!editor || !client) return;
      const position = { line: editor.selection.active.line, character: editor.selection.active.character };
      try {
        const r = await client.sendRequest("workspace/executeCommand", {
          command: "flyconf.showMachineConfig",
          arguments: [{ uri: editor.document.uri.toString(), position }],
        });
        const doc = await vscode.workspace.openTextDocument({ language: "json", content: r.json });
        await vscode.window.showTextDocument(doc, { viewColumn: vscode.ViewColumn.Beside, preview: true });
        vscode.window.setStatusBarMessage(`flyconf: Machine config of group "${r.group}"`, 5000);
      } catch (e) {
        vscode.window.showErrorMessage(`flyconf: ${e && e.message ? e.message : String(e)}`);
      }
    }),
    vscode.commands.registerCommand("flyconf.restartServer", async () => {
      if (client) await client.stop();
      await start(context);
    }),
  );
  try {
    await start(context);
  } catch (e) {
    vscode.window.showErrorMessage(`flyconf: cannot start \`${flyconfCommand()} lsp --stdio\` (${e && e.message ? e.message : String(e)}). Install flyconf or set "flyconf.path".`);
  }
}

function deactivate() {
  return client ? client.stop() : undefined;
}

module.exports = { activate, deactivate, DOCUMENT_SELECTOR };
