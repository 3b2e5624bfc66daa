// The VS Code extension (editors/vscode) packages into a .vsix with @vscode/vsce (scripts/package-vscode.mjs), and
// the package registers fly.toml / fly.*.toml and starts `flyconf lsp --stdio` through vscode-languageclient.
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { inflateRawSync } from "node:zlib";
import { afterAll, describe, expect, it } from "vitest";
import { projectRoot } from "./helpers/lsp-client.js";

/** The entries of a zip file (a .vsix is one), from its central directory. */
function unzip(buf: Buffer): Map<string, Buffer> {
  let eocd = buf.length - 22;
  while (eocd >= 0 && buf.readUInt32LE(eocd) !== 0x06054b50) eocd--;
  if (eocd < 0) throw new Error("not a zip file");
  const count = buf.readUInt16LE(eocd + 10);
  let p = buf.readUInt32LE(eocd + 16);
  const out = new Map<string, Buffer>();
  for (let i = 0; i < count; i++) {
    if (buf.readUInt32LE(p) !== 0x02014b50) throw new Error("bad central directory");
    const method = buf.readUInt16LE(p + 10);
    const size = buf.readUInt32LE(p + 20);
    const nameLen = buf.readUInt16LE(p + 28);
    const extraLen = buf.readUInt16LE(p + 30);
    const commentLen = buf.readUInt16LE(p + 32);
    const local = buf.readUInt32LE(p + 42);
    const name = buf.subarray(p + 46, p + 46 + nameLen).toString("utf8");
    const dataStart = local + 30 + buf.readUInt16LE(local + 26) + buf.readUInt16LE(local + 28);
    const data = buf.subarray(dataStart, dataStart + size);
    out.set(name, method === 8 ? inflateRawSync(data) : Buffer.from(data));
    p += 46 + nameLen + extraLen + commentLen;
  }
  return out;
}

describe("VS Code extension package", () => {
  const dir = mkdtempSync(join(tmpdir(), "flyconf-vsix-"));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it("builds a .vsix that registers the fly.toml patterns and starts flyconf lsp --stdio", () => {
    const vsix = join(dir, "flyconf.vsix");
    const r = spawnSync(process.execPath, [join(projectRoot, "scripts/package-vscode.mjs"), "--out", vsix], { cwd: projectRoot, encoding: "utf8", timeout: 120_000 });
    expect(r.status, r.stderr + r.stdout).toBe(0);
    const files = unzip(readFileSync(vsix));
    expect([...files.keys()].sort()).toEqual(["[Content_Types].xml", "extension.vsixmanifest", "extension/dist/extension.js", "extension/package.json", "extension/readme.md"]);

    const manifest = JSON.parse(files.get("extension/package.json")!.toString("utf8"));
    expect(manifest.engines.vscode).toBe("^1.91.0");
    expect(manifest.main).toBe("./dist/extension.js");
    const toml = manifest.contributes.languages.find((l: { id: string }) => l.id === "toml");
    expect(toml.filenamePatterns).toEqual(["fly.toml", "fly.*.toml"]);
    expect(manifest.activationEvents).toEqual(
      expect.arrayContaining(["onLanguage:toml", ...["toml", "yaml", "json"].flatMap((x) => [`workspaceContains:**/fly.${x}`, `workspaceContains:**/fly.*.${x}`])]),
    );
    expect(manifest.contributes.commands.map((c: { command: string }) => c.command)).toContain("flyconf.showMachineConfig");
    expect(files.get("extension.vsixmanifest")!.toString("utf8")).toMatch(/<Identity [^>]*Id="flyconf"[^>]*Publisher="flyconf"/);

    // The bundled client: vscode-languageclient inside, `vscode` left to the editor, the server command and the
    // document patterns the server handles.
    const js = files.get("extension/dist/extension.js")!.toString("utf8");
    expect(js).toMatch(/require\("vscode"\)/);
    expect(js).not.toMatch(/require\("vscode-languageclient/);
    expect(js).toContain('"lsp","--stdio"');
    expect(js).toContain('"**/fly.toml"');
    expect(js).toContain('"**/fly.*.toml"');
    for (const x of ["yaml", "json"]) {
      expect(js).toContain(`"**/fly.${x}"`);
      expect(js).toContain(`"**/fly.*.${x}"`);
    }
  });
});
