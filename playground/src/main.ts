// The flyconf playground: the real linter and compiler, running in the page. Nothing leaves the browser (the page's
// Content-Security-Policy forbids every request); the state lives in the URL hash so a link reproduces a finding.
import "./zod-config.js";
import type { EditorView } from "@codemirror/view";
import { compile, lint, lintMachineJson, RULES, stringifyJson } from "../../src/index.js";
import type { Diagnostic, Fix } from "../../src/diagnostic.js";
import { explainParts } from "../../src/format/explain.js";
import { plan, planHasChanges } from "../../src/plan/plan.js";
import { formatPlanText } from "../../src/format/plan.js";
import { fixText } from "../../src/lint/fix.js";
import { EMPTY_CONFIG_MESSAGE, isEmptyConfig } from "../../src/rules/empty-config.js";
import { applyEdits, createEditor, goTo, setText, showDiagnostics } from "./editor.js";
import { DEFAULT_EXAMPLE, EXAMPLES } from "./examples.js";
import { formatHash, parseHash, type PageState, type Tab, type View } from "./state.js";

const $ = <T extends HTMLElement = HTMLElement>(sel: string): T => {
  const el = document.querySelector<T>(sel);
  if (!el) throw new Error(`playground: ${sel} is missing from the page`);
  return el;
};

const RULE_BY_ID = new Map(RULES.map((r) => [r.meta.id, r.meta]));

let tab: Tab = "toml";
let group: string | undefined;
let view: View = "config";
let openRule: string | undefined;
let tomlEditor: EditorView;
let jsonEditor: EditorView;
let tomlText = "";
let jsonText = "";
/** Process groups of the last fly.toml that compiled (the Machine JSON tab checks Machines against them). */
let knownGroups: string[] | undefined;
/** Bumped after each render: tests and the bench wait on it. */
let renderSeq = 0;

// ---------------------------------------------------------------------------------------------------------------
// Linting and rendering

function runToml(): void {
  const started = performance.now();
  const result = lint(tomlText);
  showDiagnostics(tomlEditor, result.diagnostics);
  renderDiagnostics($("#diagnostics"), result.diagnostics, tomlEditor);
  renderSummary($("#problem-count"), result.diagnostics);
  $<HTMLButtonElement>("#fix-all").disabled = !result.diagnostics.some((d) => d.fix);
  renderOutput();
  if (tab === "machine") runJson();
  finishRender($("#diagnostics"), started);
}

function runJson(): void {
  const started = performance.now();
  if (jsonText.trim() === "") {
    renderDiagnostics($("#json-diagnostics"), [], jsonEditor);
    renderSummary($("#json-problem-count"), []);
    $("#plan").textContent = "Paste a Machine (GET /v1/apps/APP/machines/ID) or a list of Machines (fly machines list --json) to lint it and compare it with the fly.toml.";
    finishRender($("#json-diagnostics"), started);
    return;
  }
  const result = lintMachineJson(jsonText, knownGroups ? { appGroups: knownGroups } : {});
  showDiagnostics(jsonEditor, result.diagnostics);
  renderDiagnostics($("#json-diagnostics"), result.diagnostics, jsonEditor);
  renderSummary($("#json-problem-count"), result.diagnostics);
  renderPlan();
  finishRender($("#json-diagnostics"), started);
}

function finishRender(list: HTMLElement, started: number): void {
  renderSeq++;
  list.dataset.version = String(renderSeq);
  list.dataset.lintMs = (performance.now() - started).toFixed(2);
  document.body.dataset.renderSeq = String(renderSeq);
}

function renderSummary(el: HTMLElement, ds: readonly Diagnostic[]): void {
  const errors = ds.filter((d) => d.severity === "error").length;
  const warnings = ds.filter((d) => d.severity === "warning").length;
  const infos = ds.length - errors - warnings;
  el.textContent = ds.length === 0 ? "none" : [plural(errors, "error"), plural(warnings, "warning"), infos ? plural(infos, "info") : ""].filter(Boolean).join(", ");
  el.className = `count ${errors ? "has-errors" : warnings ? "has-warnings" : "clean"}`;
}

function plural(n: number, w: string): string {
  return `${n} ${w}${n === 1 ? "" : "s"}`;
}

function el<K extends keyof HTMLElementTagNameMap>(tag: K, attrs: Record<string, string> = {}, ...children: (Node | string)[]): HTMLElementTagNameMap[K] {
  const e = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) e.setAttribute(k, v);
  e.append(...children);
  return e;
}

function renderDiagnostics(list: HTMLElement, ds: readonly Diagnostic[], editor: EditorView): void {
  const items = ds.map((d) => {
    const pos = el("button", { type: "button", class: "pos", title: `Go to line ${d.line}, column ${d.column}`, "data-position": `${d.line}:${d.column}` }, `${d.line}:${d.column}`);
    pos.addEventListener("click", () => goTo(editor, d.line, d.column));
    const rule = el("a", { class: "rule", href: `#rule=${encodeURIComponent(d.ruleId)}`, "data-rule-doc": d.ruleId, title: `What ${d.ruleId} checks, with examples` }, d.ruleId);
    const head = el("div", { class: "diag-head" }, pos, el("span", { class: `sev sev-${d.severity}` }, d.severity), rule);
    const li = el("li", { class: `diag diag-${d.severity}`, "data-rule-id": d.ruleId, "data-severity": d.severity }, head, el("p", { class: "msg" }, d.message));
    const actions = el("div", { class: "diag-actions" });
    if (d.fix) actions.append(fixButton(editor, d.fix, "fix", "Apply fix"));
    for (const s of d.suggestions ?? []) actions.append(fixButton(editor, s, "suggestion", "Suggestion (changes the meaning)"));
    if (actions.childElementCount) li.append(actions);
    return li;
  });
  list.replaceChildren(...items);
  if (!items.length) list.append(el("li", { class: "none" }, "No problems found."));
}

function fixButton(editor: EditorView, fix: Fix, kind: "fix" | "suggestion", label: string): HTMLButtonElement {
  const b = el("button", { type: "button", class: `apply apply-${kind}`, [`data-${kind}`]: "" }, el("span", { class: "apply-label" }, `${label}:`), ` ${fix.description}`);
  b.addEventListener("click", () => applyEdits(editor, fix));
  return b;
}

function renderOutput(): void {
  const out = $("#output");
  const select = $<HTMLSelectElement>("#group");
  const r = compile(tomlText);
  const doc = r.analysis.doc;
  const errors = r.diagnostics.filter((d) => d.severity === "error");
  let message: string | undefined;
  if (doc && isEmptyConfig(doc.value)) message = EMPTY_CONFIG_MESSAGE;
  else if (errors.length) message = `fly.toml does not compile (flyctl would refuse it):\n${errors.map((d) => `  ${d.line}:${d.column}: ${d.message}`).join("\n")}`;
  const groups = message ? [] : r.groups;
  if (groups.length) knownGroups = groups;
  // Keep the chosen group when it still exists; else the first.
  if (group === undefined || !groups.includes(group)) group = groups[0] ?? group;
  const options = groups.length ? groups.map((g) => el("option", { value: g }, g)) : [el("option", { value: "" }, "—")];
  const values = groups.length ? groups : [""];
  if (select.options.length !== values.length || [...select.options].some((o, i) => o.value !== values[i])) select.replaceChildren(...options);
  if (group !== undefined && groups.includes(group)) select.value = group;
  select.disabled = groups.length === 0;
  $("#group-count").textContent = groups.length > 1 ? `${groups.length} process groups` : "";
  if (message) {
    out.textContent = message;
    out.dataset.state = "error";
    return;
  }
  const cfg = r.configs[group!]!;
  const value = view === "services" ? (cfg.services ?? []) : view === "wrap" ? { config: cfg } : cfg;
  out.replaceChildren(...highlightJson(stringifyJson(value)));
  out.dataset.state = "ok";
  out.dataset.group = group!;
  out.dataset.view = view;
}

// Strings (keys apart), numbers and literals of canonical JSON. Each alternative is unambiguous, so the scan is
// linear whatever the input held.
const JSON_TOKEN = /"(?:[^"\\]|\\.)*"(:?)|-?\d+(?:\.\d+)?(?:[eE][+-]?\d+)?|\btrue\b|\bfalse\b|\bnull\b/g;

/** JSON text as spans for colouring; the element's textContent stays exactly the JSON. */
function highlightJson(text: string): Node[] {
  if (text.length > 200_000) return [document.createTextNode(text)];
  const out: Node[] = [];
  let last = 0;
  for (const m of text.matchAll(JSON_TOKEN)) {
    if (m.index > last) out.push(document.createTextNode(text.slice(last, m.index)));
    // stringifyJson writes `"key": value`: a string followed directly by a colon is a key.
    const key = m[1] === ":";
    const t = key ? m[0].slice(0, -1) : m[0];
    const c = t.charCodeAt(0);
    const kind = c === 34 ? (key ? "key" : "str") : c === 45 || (c >= 48 && c <= 57) ? "num" : "lit";
    out.push(el("span", { class: `j-${kind}` }, t));
    last = m.index + t.length;
  }
  if (last < text.length) out.push(document.createTextNode(text.slice(last)));
  return out;
}

/** What `fly deploy` would do to the pasted Machines: the same plan() and text as `flyconf plan`. */
function renderPlan(): void {
  const target = $("#plan");
  let machines: unknown;
  try {
    machines = JSON.parse(jsonText);
  } catch {
    target.textContent = "The Machine JSON does not parse (see the problems above).";
    return;
  }
  const p = plan(tomlText, machines);
  if (p.diagnostics) {
    target.textContent = `fly.toml does not compile, so there is nothing to plan:\n${p.diagnostics.map((d) => `  ${d.line}:${d.column}: ${d.message}`).join("\n")}`;
    return;
  }
  // One span per line, coloured by its action mark (+ create, ~ update, - destroy, = unchanged); the text is exactly
  // what `flyconf plan` prints.
  const marks: Record<string, string> = { "+": "create", "~": "update", "-": "destroy", "=": "same" };
  target.replaceChildren(
    ...formatPlanText(p)
      .split(/(?<=\n)/)
      .map((line) => el("span", { class: `plan-${marks[line.trimStart()[0] ?? ""] ?? "text"}` }, line)),
  );
  target.dataset.changes = String(planHasChanges(p));
}

// ---------------------------------------------------------------------------------------------------------------
// Rule docs

function showRule(id: string | undefined): void {
  const dialog = $<HTMLDialogElement>("#rule-docs");
  const meta = id === undefined ? undefined : RULE_BY_ID.get(id);
  openRule = meta ? meta.id : undefined;
  if (!meta) {
    if (dialog.open) dialog.close();
    return;
  }
  $("#rule-docs-title").textContent = meta.id;
  const parts = explainParts(meta);
  $("#rule-docs-body").replaceChildren(
    el("p", { class: "doc-summary" }, parts.summary),
    el("p", { class: "doc-description" }, parts.description),
    ...renderMarkdown(parts.docs),
    ...parts.usage.map((line) => el("p", { class: "doc-usage" }, ...inline(line))),
  );
  if (!dialog.open) dialog.showModal();
  syncHash();
}

/** The docs' small Markdown: paragraphs, fenced code, `code` and list items, built as DOM nodes (no innerHTML). */
function renderMarkdown(text: string): Node[] {
  const out: Node[] = [];
  const lines = text.split("\n");
  let para: string[] = [];
  const flush = () => {
    if (para.length) out.push(el("p", {}, ...inline(para.join(" "))));
    para = [];
  };
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    if (line.startsWith("```")) {
      flush();
      const lang = line.slice(3).trim();
      const code: string[] = [];
      for (i++; i < lines.length && !lines[i]!.startsWith("```"); i++) code.push(lines[i]!);
      out.push(el("pre", { class: "doc-code", "data-lang": lang }, el("code", {}, code.join("\n"))));
    } else if (/^#{1,6} /.test(line)) {
      flush();
      out.push(el("h3", {}, ...inline(line.replace(/^#+ /, ""))));
    } else if (line.startsWith("- ") || line.startsWith("* ")) {
      flush();
      out.push(el("p", { class: "doc-li" }, "• ", ...inline(line.slice(2))));
    } else if (line.trim() === "") flush();
    else para.push(line.trim());
  }
  flush();
  return out;
}

function inline(text: string): Node[] {
  return text.split("`").map((part, i) => (i % 2 ? el("code", {}, part) : document.createTextNode(part.replaceAll("**", ""))));
}

// ---------------------------------------------------------------------------------------------------------------
// State, tabs, share links

function currentState(): PageState {
  return { toml: tomlText, json: jsonText, tab, view, ...(group !== undefined ? { group } : {}), ...(openRule ? { rule: openRule } : {}) };
}

let hashTimer: ReturnType<typeof setTimeout> | undefined;
/** The URL follows the state (replaceState: typing makes no history entries); debounced while typing. */
function syncHash(delay = 0): void {
  clearTimeout(hashTimer);
  hashTimer = setTimeout(() => history.replaceState(null, "", formatHash(currentState())), delay);
}

function shareUrl(): string {
  return `${location.href.split("#")[0]}${formatHash(currentState())}`;
}

function selectTab(next: Tab, focus = false): void {
  tab = next;
  for (const b of document.querySelectorAll<HTMLButtonElement>("[role=tab]")) {
    const on = b.dataset.tab === next;
    b.setAttribute("aria-selected", String(on));
    b.tabIndex = on ? 0 : -1;
    if (on && focus) b.focus();
  }
  $("#panel-toml").hidden = next !== "toml";
  $("#panel-machine").hidden = next !== "machine";
  if (next === "machine") {
    runJson();
    jsonEditor.requestMeasure();
  } else tomlEditor.requestMeasure();
  syncHash();
}

function applyState(s: PageState, errors: readonly string[]): void {
  const notice = $("#notice");
  notice.hidden = errors.length === 0;
  notice.textContent = errors.join("; ");
  if (s.view) view = s.view;
  if (s.group !== undefined) group = s.group;
  for (const r of document.querySelectorAll<HTMLInputElement>("input[name=view]")) r.checked = r.value === view;
  if (s.json !== undefined && s.json !== jsonText) setText(jsonEditor, s.json);
  if (s.toml !== undefined && s.toml !== tomlText) setText(tomlEditor, s.toml);
  else runToml();
  selectTab(s.tab ?? (s.toml === undefined && s.json !== undefined ? "machine" : tab));
  showRule(s.rule);
}

async function copy(text: string, button: HTMLButtonElement): Promise<void> {
  const label = button.textContent;
  let ok = false;
  try {
    await navigator.clipboard.writeText(text);
    ok = true;
  } catch {
    // file:// pages may have no async clipboard: select a hidden textarea and copy it.
    const ta = el("textarea", { class: "visually-hidden", "aria-hidden": "true" }, text);
    document.body.append(ta);
    ta.select();
    ok = document.execCommand("copy");
    ta.remove();
  }
  button.textContent = ok ? "Copied" : "Copy failed";
  button.dataset.copied = String(ok);
  setTimeout(() => {
    button.textContent = label;
  }, 1500);
}

// ---------------------------------------------------------------------------------------------------------------
// Start

let lintTimer: ReturnType<typeof setTimeout> | undefined;
let lastCost = 0;
/** Lint on every change; only when a run gets slow (a huge paste) do quick keystrokes coalesce. */
function scheduleToml(): void {
  clearTimeout(lintTimer);
  const run = () => {
    const t = performance.now();
    runToml();
    lastCost = performance.now() - t;
  };
  if (lastCost < 25) queueMicrotask(run);
  else lintTimer = setTimeout(run, Math.min(lastCost * 2, 400));
}

function start(): void {
  const initial = parseHash(location.hash);
  const first = initial.state.toml === undefined && initial.state.json === undefined ? DEFAULT_EXAMPLE : undefined;
  tomlText = initial.state.toml ?? first?.toml ?? "";
  jsonText = initial.state.json ?? first?.json ?? "";

  tomlEditor = createEditor({
    parent: $("#toml-editor"),
    language: "toml",
    label: "fly.toml",
    text: tomlText,
    onChange: (text) => {
      tomlText = text;
      scheduleToml();
      syncHash(300);
    },
  });
  jsonEditor = createEditor({
    parent: $("#json-editor"),
    language: "json",
    label: "Machine JSON",
    text: jsonText,
    onChange: (text) => {
      jsonText = text;
      queueMicrotask(runJson);
      syncHash(300);
    },
  });

  // The editors normalise line breaks (CRLF → LF); lint exactly the text they hold, so offsets match.
  tomlText = tomlEditor.state.doc.toString();
  jsonText = jsonEditor.state.doc.toString();

  const examples = $<HTMLSelectElement>("#examples");
  examples.append(...EXAMPLES.map((e) => el("option", { value: e.id }, e.label)));
  examples.value = first?.id ?? "";
  examples.addEventListener("change", () => {
    const ex = EXAMPLES.find((e) => e.id === examples.value);
    if (!ex) return;
    group = undefined;
    applyState({ toml: ex.toml, json: ex.json ?? jsonText, tab: ex.tab ?? tab }, []);
    syncHash();
  });

  for (const b of document.querySelectorAll<HTMLButtonElement>("[role=tab]")) {
    b.addEventListener("click", () => selectTab(b.dataset.tab as Tab));
    b.addEventListener("keydown", (e) => {
      if (e.key !== "ArrowRight" && e.key !== "ArrowLeft" && e.key !== "Home" && e.key !== "End") return;
      e.preventDefault();
      selectTab(tab === "toml" ? "machine" : "toml", true);
    });
  }
  $<HTMLSelectElement>("#group").addEventListener("change", (e) => {
    group = (e.target as HTMLSelectElement).value;
    renderOutput();
    syncHash();
  });
  for (const r of document.querySelectorAll<HTMLInputElement>("input[name=view]"))
    r.addEventListener("change", () => {
      view = r.value as View;
      renderOutput();
      syncHash();
    });
  $<HTMLButtonElement>("#copy-output").addEventListener("click", (e) => void copy($("#output").textContent ?? "", e.currentTarget as HTMLButtonElement));
  $<HTMLButtonElement>("#copy-plan").addEventListener("click", (e) => void copy($("#plan").textContent ?? "", e.currentTarget as HTMLButtonElement));
  $<HTMLButtonElement>("#share").addEventListener("click", (e) => {
    history.replaceState(null, "", formatHash(currentState()));
    void copy(shareUrl(), e.currentTarget as HTMLButtonElement);
  });
  $<HTMLButtonElement>("#fix-all").addEventListener("click", () => {
    const fixed = fixText(tomlText);
    if (fixed.text !== tomlText) setText(tomlEditor, fixed.text);
    tomlEditor.focus();
  });
  // Rule links: open the docs in the page without losing the text (the hash keeps the whole state).
  document.addEventListener("click", (e) => {
    const a = (e.target as Element).closest?.("a[data-rule-doc]");
    if (!a || (e as MouseEvent).ctrlKey || (e as MouseEvent).metaKey || (e as MouseEvent).shiftKey) return;
    e.preventDefault();
    showRule(a.getAttribute("data-rule-doc") ?? undefined);
  });
  const dialog = $<HTMLDialogElement>("#rule-docs");
  dialog.addEventListener("close", () => {
    openRule = undefined;
    syncHash();
  });
  $("#rule-docs-close").addEventListener("click", () => dialog.close());
  dialog.addEventListener("click", (e) => {
    if (e.target === dialog) dialog.close(); // a click on the backdrop
  });
  // Someone pastes a link into this tab, or uses back/forward between links.
  window.addEventListener("hashchange", () => {
    const p = parseHash(location.hash);
    // A fragment that is no state (an in-page anchor) changes nothing.
    if (Object.keys(p.state).length === 0 && p.errors.length === 0) return;
    applyState(p.state, p.errors);
  });
  // The skip link goes to the editor that is showing, without touching the hash (it holds the state).
  $("#skip").addEventListener("click", (e) => {
    e.preventDefault();
    (tab === "toml" ? tomlEditor : jsonEditor).focus();
  });

  // A read-only handle for the browser tests and the bench: the editors render only the lines in view.
  (window as unknown as { flyconfPlayground: unknown }).flyconfPlayground = {
    text: (which: Tab = "toml") => (which === "toml" ? tomlText : jsonText),
  };
  renderRuleIndex();
  applyState({ ...initial.state, toml: tomlText, json: jsonText }, initial.errors);
  document.body.dataset.ready = "true";
}

function renderRuleIndex(): void {
  const list = $("#rule-index");
  list.replaceChildren(
    ...RULES.map((r) =>
      el("li", {}, el("a", { href: `#rule=${encodeURIComponent(r.meta.id)}`, "data-rule-doc": r.meta.id }, r.meta.id), ` — ${r.meta.description}`),
    ),
  );
}

start();
