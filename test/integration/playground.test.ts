/// <reference lib="dom" />
// The playground in a real browser: Debian's Chromium driven by playwright-core, the built page opened from file://.
// Links load files, typing re-lints, fixes edit the text, groups switch the compiled config, share links round-trip,
// and nothing leaves the page (no request but file:/data:/blob:, no Content-Security-Policy violation).
// Screenshots go to playground/dist/screenshots/; UPDATE_SCREENSHOT=1 also writes docs/playground.png (the README's).
import { execFileSync } from "node:child_process";
import { copyFileSync, mkdirSync, readFileSync } from "node:fs";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import type { Browser, BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { findChromium, launchChromium } from "../../scripts/chromium.js";
import { encodeBase64Url } from "../../playground/src/state.js";
import { projectRoot } from "../helpers/shared.js";

const chromiumPath = findChromium();
// In CI (.ci/run installs chromium) a missing browser is a failure, not a skip.
if (process.env.CI === "true" && !chromiumPath) throw new Error("CI=true but chromium is not installed: .ci/run should have installed it (apt-get install chromium)");
if (!chromiumPath) console.warn("[flyconf tests] playground: skipped, no chromium (apt-get install -y chromium, or set CHROMIUM_PATH)");

const pageFile = join(projectRoot, "playground/dist/index.html");
const pageUrl = pathToFileURL(pageFile).href;
const shots = join(projectRoot, "playground/dist/screenshots");
const BROKEN = readFileSync(join(projectRoot, "fixtures/examples/demo/broken.fly.toml"), "utf8");
const CLEAN = readFileSync(join(projectRoot, "fixtures/examples/demo/fly.toml"), "utf8");
const link = (toml: string, extra = "") => `${pageUrl}#toml=${encodeBase64Url(toml)}${extra}`;

describe.skipIf(!chromiumPath)("playground in Chromium", () => {
  let browser: Browser;
  let context: BrowserContext;
  /** Every request any page made whose URL is not file:, data: or blob:. */
  const outside: string[] = [];
  const pageErrors: string[] = [];

  beforeAll(async () => {
    execFileSync(process.execPath, [join(projectRoot, "playground/build.mjs")], { cwd: projectRoot, stdio: "pipe" });
    mkdirSync(shots, { recursive: true });
    browser = await launchChromium(chromiumPath!);
    context = await newContext({ viewport: { width: 1400, height: 900 } });
  });

  /** A request the CSP blocks never reaches the network layer: the page counts the violations. */
  async function recordViolations(ctx: BrowserContext): Promise<void> {
    await ctx.addInitScript(() => {
      (window as unknown as { __violations: string[] }).__violations = [];
      document.addEventListener("securitypolicyviolation", (e) => (window as unknown as { __violations: string[] }).__violations.push(`${e.violatedDirective} ${e.blockedURI}`));
    });
  }

  /** A browser context that records requests leaving file:/data:/blob: and the page's CSP violations. */
  async function newContext(options: Parameters<Browser["newContext"]>[0] = {}): Promise<BrowserContext> {
    const ctx = await browser.newContext(options);
    ctx.on("request", (r) => {
      if (!/^(file|data|blob):/.test(r.url())) outside.push(r.url());
    });
    await recordViolations(ctx);
    return ctx;
  }

  afterAll(async () => {
    await browser?.close();
  });

  async function open(url: string, ctx: BrowserContext = context): Promise<Page> {
    const page = await ctx.newPage();
    page.on("pageerror", (e) => pageErrors.push(e.message));
    await page.goto(url);
    await page.waitForSelector("body[data-ready=true]");
    return page;
  }

  const ruleIds = (page: Page, list = "#diagnostics") => page.$$eval(`${list} [data-rule-id]`, (els) => els.map((e) => e.getAttribute("data-rule-id")));
  // The editor renders only the lines in view: read its text through the page's handle.
  const editorText = (page: Page, which = "toml") =>
    page.evaluate((w) => (window as unknown as { flyconfPlayground: { text: (w: string) => string } }).flyconfPlayground.text(w), which);
  const output = (page: Page) => page.$eval('[data-output="config"]', (el) => el.textContent ?? "");
  const version = (page: Page) => page.$eval("#diagnostics", (el) => Number((el as HTMLElement).dataset.version));

  it("opens a #toml= link and shows the expected findings, each with position, message, docs link and fix", async () => {
    const page = await open(link(BROKEN));
    expect(await editorText(page)).toBe(BROKEN);
    // What the user sees is what the page holds.
    expect(await page.textContent('[data-input="toml"] .cm-line')).toBe(BROKEN.split("\n")[0]);
    expect(await ruleIds(page)).toEqual(["duration-unit", "autostart-type", "unknown-key", "autostop-worker", "autostop-without-autostart", "handler-value"]);
    const first = page.locator('#diagnostics [data-rule-id="autostart-type"]');
    expect(await first.locator("[data-position]").textContent()).toBe("14:25");
    expect(await first.locator(".msg").textContent()).toContain('must be a boolean (true or false, without quotes), not the string "true"');
    expect(await first.locator("a.rule").getAttribute("href")).toBe("#rule=autostart-type");
    expect(await first.locator("[data-fix]").count()).toBe(1);
    // No fix is offered where flyconf has none.
    expect(await page.locator('#diagnostics [data-rule-id="autostop-without-autostart"] [data-fix]').count()).toBe(0);
    // Inline diagnostics in the editor too.
    expect(await page.locator(".cm-lintRange-error").count()).toBeGreaterThan(0);
    // It does not compile (autostart is a string), and the output says so.
    expect(await output(page)).toContain("fly.toml does not compile");
    await page.close();
  });

  it("reads a link whose text has a BOM and CRLF line breaks with the same positions", async () => {
    const page = await open(link(`\uFEFF${BROKEN.replaceAll("\n", "\r\n")}`));
    expect(await editorText(page)).toBe(BROKEN);
    const positions = await page.$$eval("#diagnostics [data-position]", (els) => els.map((e) => e.textContent));
    expect(positions).toEqual(["4:16", "14:25", "19:3", "21:24", "22:25", "26:17"]);
    await page.click('#diagnostics [data-rule-id="autostart-type"] [data-fix]');
    await expect.poll(() => editorText(page)).toContain("auto_start_machines = true\n");
    await page.close();
  });

  it("re-lints as you type into [data-input]", async () => {
    const page = await open(link(CLEAN));
    expect(await ruleIds(page)).toEqual([]);
    const before = await version(page);
    await page.click('[data-input="toml"]');
    await page.keyboard.press("Control+End");
    const typed = '\n[deploy]\nstrategy = "rollin"';
    await page.keyboard.type(typed);
    await page.waitForFunction((v) => Number(document.querySelector<HTMLElement>("#diagnostics")!.dataset.version) > v, before);
    await expect.poll(() => ruleIds(page)).toEqual(["deploy-strategy-incompatible"]);
    const lines = CLEAN.split("\n").length + 2;
    expect(await page.textContent('#diagnostics [data-rule-id="deploy-strategy-incompatible"] [data-position]')).toBe(`${lines}:12`);
    // One more keystroke fixes the typo; the finding goes.
    await page.keyboard.press("ArrowLeft");
    await page.keyboard.type("g");
    await expect.poll(() => ruleIds(page)).toEqual([]);
    expect(await editorText(page)).toBe(`${CLEAN}${typed}`.replace("rollin", "rolling"));
    await page.close();
  });

  it("applies a safe fix: the text changes, the finding goes and the file compiles", async () => {
    const page = await open(link(BROKEN));
    await page.click('#diagnostics [data-rule-id="autostart-type"] [data-fix]');
    await expect.poll(() => editorText(page)).toContain("auto_start_machines = true\n");
    expect(await editorText(page)).not.toContain('auto_start_machines = "true"');
    await expect.poll(() => ruleIds(page)).not.toContain("autostart-type");
    await expect.poll(() => output(page)).toContain('"fly_process_group": "web"');
    // The state follows into the URL.
    await expect.poll(() => page.url()).toContain(`#toml=${encodeBase64Url(await editorText(page))}`);
    await page.screenshot({ path: join(shots, "desktop.png") });
    if (process.env.UPDATE_SCREENSHOT === "1") copyFileSync(join(shots, "desktop.png"), join(projectRoot, "docs/playground.png"));
    await page.close();
  });

  it("switches process groups and views: the compiled config changes", async () => {
    const page = await open(link(CLEAN));
    const groups = await page.$$eval("#group option", (os) => os.map((o) => (o as HTMLOptionElement).value));
    expect(groups).toEqual(["web", "worker"]);
    const web = JSON.parse(await output(page)) as { init: { cmd: string[] }; metadata: Record<string, string> };
    expect(web.metadata.fly_process_group).toBe("web");
    await page.selectOption("#group", "worker");
    await expect.poll(async () => (JSON.parse(await output(page)) as { metadata: Record<string, string> }).metadata.fly_process_group).toBe("worker");
    expect(await output(page)).toContain('"sidekiq"');
    // The same text as the CLI's `flyconf compile fly.toml --group worker`.
    const cli = execFileSync(process.execPath, [join(projectRoot, "bin/flyconf.js"), "compile", "-", "--group", "worker"], { input: CLEAN, encoding: "utf8" });
    expect(`${await output(page)}\n`).toBe(cli);
    await page.click('label:has(input[value="services"])');
    await expect.poll(async () => Array.isArray(JSON.parse(await output(page)))).toBe(true);
    await page.click('label:has(input[value="wrap"])');
    expect(Object.keys(JSON.parse(await output(page)) as object)).toEqual(["config"]);
    expect(page.url()).toMatch(/group=worker/);
    await page.close();
  });

  it("round-trips a share link (text, tab, group and view)", async () => {
    const page = await open(link(CLEAN));
    await page.click('[data-input="toml"]');
    await page.keyboard.press("Control+End");
    await page.keyboard.type("\n# shared ünïcödé ✓");
    await page.selectOption("#group", "worker");
    await page.click('label:has(input[value="services"])');
    await page.click("#share");
    await expect.poll(() => page.$eval("#share", (b) => (b as HTMLElement).dataset.copied ?? "")).toBe("true");
    const shared = page.url();
    expect(shared).toMatch(/#toml=[A-Za-z0-9_-]+&/);
    const text = await editorText(page);
    const out = await output(page);
    const again = await open(shared, await newContext());
    expect(await editorText(again)).toBe(text);
    expect(await output(again)).toBe(out);
    expect(await again.$eval("#group", (s) => (s as HTMLSelectElement).value)).toBe("worker");
    await again.context().close();
    await page.close();
  });

  it("shows a rule's docs in the page (the explain text) without losing the text", async () => {
    const page = await open(link(BROKEN));
    await page.click('#diagnostics [data-rule-id="handler-value"] a.rule');
    await expect.poll(() => page.$eval("#rule-docs", (d) => (d as HTMLDialogElement).open)).toBe(true);
    expect(await page.textContent("#rule-docs-title")).toBe("handler-value");
    expect(await page.textContent("#rule-docs-body")).toContain("flyconf-disable-next-line handler-value");
    expect(page.url()).toContain("rule=handler-value");
    await page.keyboard.press("Escape");
    await expect.poll(() => page.$eval("#rule-docs", (d) => (d as HTMLDialogElement).open)).toBe(false);
    expect(await editorText(page)).toBe(BROKEN);
    await page.close();
  });

  it("lints Machine JSON in the second tab and shows what fly deploy would change (the plan)", async () => {
    const page = await open(`${pageUrl}#toml=${encodeBase64Url(CLEAN)}&json=${encodeBase64Url(readFileSync(join(projectRoot, "playground/examples/machines.json"), "utf8"))}&tab=machine`);
    expect(await page.isVisible("#panel-machine")).toBe(true);
    await expect.poll(() => ruleIds(page, "#json-diagnostics")).toContain("group-inconsistent");
    expect(await page.textContent("#plan")).toContain("Plan: 0 to create, 1 to update, 0 to destroy, 2 unchanged, 0 ignored.");
    // Keyboard: the first Tab reaches the skip link, which focuses the editor showing (the hash keeps the state).
    const url = page.url();
    await page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
    await page.keyboard.press("Tab");
    expect(await page.evaluate(() => document.activeElement?.id)).toBe("skip");
    await page.keyboard.press("Enter");
    expect(await page.evaluate(() => document.activeElement?.getAttribute("data-input"))).toBe("json");
    expect(page.url()).toBe(url);
    // Tab leaves the editor (it is not a focus trap), and the tabs follow the arrow keys.
    await page.click('[data-input="json"]');
    await page.keyboard.press("Tab");
    expect(await page.evaluate(() => document.activeElement?.closest(".cm-editor") === null)).toBe(true);
    await page.focus("#tab-machine");
    await page.keyboard.press("ArrowLeft");
    expect(await page.isVisible("#panel-toml")).toBe(true);
    expect(await page.evaluate(() => document.activeElement?.id)).toBe("tab-toml");
    await page.close();
  });

  it("loads examples from the menu, Machine JSON ones on their tab", async () => {
    const page = await open(link(CLEAN));
    await page.selectOption("#examples", "typos");
    await expect.poll(() => ruleIds(page)).toContain("unknown-key");
    expect(await editorText(page)).toBe(readFileSync(join(projectRoot, "playground/examples/typos.fly.toml"), "utf8"));
    await page.selectOption("#examples", "machine-mistakes");
    await expect.poll(() => page.isVisible("#panel-machine")).toBe(true);
    await expect.poll(() => ruleIds(page, "#json-diagnostics")).toEqual(["detached-machine", "restart-retries", "autostart-type", "autostop-without-autostart"]);
    expect(page.url()).toContain("tab=machine");
    await page.close();
  });

  it("reads well on a phone and in dark mode", async () => {
    const phone = await newContext({ viewport: { width: 390, height: 844 }, deviceScaleFactor: 2, isMobile: true, hasTouch: true, colorScheme: "dark" });
    const page = await open(link(BROKEN), phone);
    expect(await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth)).toBe(true);
    expect(await page.evaluate(() => getComputedStyle(document.body).backgroundColor)).toBe("rgb(18, 17, 24)");
    await page.screenshot({ path: join(shots, "phone-dark.png"), fullPage: true });
    await phone.close();
  });

  it("works from a static host too: the document is the only request", async () => {
    const html = readFileSync(pageFile);
    const server = createServer((req, res) => {
      if (req.url === "/" || req.url === "/index.html") res.writeHead(200, { "content-type": "text/html; charset=utf-8" }).end(html);
      else res.writeHead(404).end();
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
    // Its own context: requests to this host are expected here, and only this one.
    const ctx = await browser.newContext();
    const requests: string[] = [];
    ctx.on("request", (r) => requests.push(r.url()));
    await recordViolations(ctx);
    try {
      const page = await open(`${base}#toml=${encodeBase64Url(BROKEN)}`, ctx);
      expect(await ruleIds(page)).toContain("autostart-type");
      expect(await page.evaluate(() => (window as unknown as { __violations: string[] }).__violations)).toEqual([]);
      expect(requests).toEqual([base]);
    } finally {
      await ctx.close();
      server.close();
    }
  });

  it("made no request outside file:/data:/blob:, broke no CSP rule and threw nothing", async () => {
    const page = await open(link(BROKEN));
    expect(await page.evaluate(() => (window as unknown as { __violations: string[] }).__violations)).toEqual([]);
    // The test can fail: a fetch from the page is refused by its CSP and shows up as a violation.
    await page.evaluate(() => fetch("https://example.com/").catch(() => undefined));
    await expect.poll(() => page.evaluate(() => (window as unknown as { __violations: string[] }).__violations.length)).toBe(1);
    expect(outside).toEqual([]);
    expect(pageErrors).toEqual([]);
    await page.close();
  });
});
