// `flyconf lsp --stdio`: the language server over stdin/stdout. Loaded only by that command (a separate bundle,
// dist/flyconf-lsp.cjs), so lint and compile start without it.
import lsNode from "vscode-languageserver/node";
import { installedRuleDocs } from "../cli/rule-docs.js";
import { FlyconfServer } from "./server.js";

export interface LspCliOptions {
  stdio?: boolean;
}

export function runLsp(_opts: LspCliOptions): Promise<number> {
  // The streams themselves (not message readers): the library then ends the process when the client closes them.
  const connection = lsNode.createConnection(lsNode.ProposedFeatures.all, process.stdin, process.stdout);
  new FlyconfServer(connection, { ruleDocsDir: installedRuleDocs() }).listen();
  // The exit notification ends the process (code 0 after shutdown, 1 without), as the protocol asks.
  return new Promise<number>(() => undefined);
}

