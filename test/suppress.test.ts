// Suppression comments, through the public lint() entry point (the engine applies them) and parseSuppressions.
import { describe, expect, it } from "vitest";
import { lint } from "../src/lint/lint.js";
import { parseSuppressions } from "../src/lint/suppress.js";
import { readToml } from "../src/reader/toml.js";

/** The two rules used here are both error-level and fire on one line each. */
const BAD_START = 'auto_start_machines = "true"';
const BAD_STOP = 'auto_stop_machines = "on"';

function toml(...lines: string[]): string {
  return `app = "web"\n[http_service]\ninternal_port = 8080\n${lines.join("\n")}\n`;
}

function found(text: string, rules?: Record<string, "off" | "warn" | "error" | "info">) {
  return lint(text, rules ? { rules } : {}).diagnostics.map((d) => `${d.line} ${d.ruleId}`);
}

function docOf(text: string) {
  const r = readToml(text);
  if (!r.ok) throw new Error("fixture must parse");
  return r.doc;
}

describe("parseSuppressions", () => {
  it("reads kind, ids, reason, the comment line and the target line", () => {
    const s = parseSuppressions(docOf(toml("# flyconf-disable-next-line autostart-type, autostop-value -- migrating", BAD_START, "# flyconf-disable unknown-key")));
    expect(s.map((x) => ({ kind: x.kind, ids: x.ids, reason: x.reason, line: x.line, target: x.targetLine }))).toEqual([
      { kind: "next-line", ids: ["autostart-type", "autostop-value"], reason: "migrating", line: 4, target: 5 },
      { kind: "file", ids: ["unknown-key"], reason: undefined, line: 6, target: 7 },
    ]);
  });

  it("separates ids by commas and/or spaces; an id-less directive has no ids", () => {
    const s = parseSuppressions(docOf(toml("#flyconf-disable-next-line a,b  c ,d--why", "# flyconf-disable-next-line", "#   flyconf-disable   -- everything")));
    expect(s.map((x) => x.ids)).toEqual([["a", "b", "c", "d"], [], []]);
    expect(s[0]!.reason).toBe("why");
    expect(s[2]!.reason).toBe("everything");
  });

  it("ignores ordinary comments, comments mentioning a directive mid-text, and values that look like one", () => {
    const s = parseSuppressions(docOf(toml('# see the docs: flyconf-disable autostart-type', 'processes = ["# flyconf-disable autostart-type"]', "# flyconf-disabled is not a word we know")));
    expect(s).toEqual([]);
  });

  it("does not read flyconf-disable-line or flyconf-disabled as flyconf-disable (no file-wide surprise)", () => {
    const s = parseSuppressions(docOf(toml("# flyconf-disable-line autostart-type", "# flyconf-disabled autostart-type")));
    expect(s.map((x) => x.kind)).toEqual(["line"]);
  });
});

describe("flyconf-disable-next-line", () => {
  it("suppresses the named rule on the next line only", () => {
    expect(found(toml(BAD_START))).toEqual(["4 autostart-type"]);
    expect(found(toml("# flyconf-disable-next-line autostart-type -- legacy", BAD_START))).toEqual([]);
  });

  it("does not reach past the next line (a blank line in between breaks it)", () => {
    const got = found(toml("# flyconf-disable-next-line autostart-type -- legacy", "", BAD_START));
    expect(got).toContain("6 autostart-type");
    expect(got).toContain("4 unused-suppression");
  });

  it("does not suppress other rules on that line", () => {
    const text = `app = "web"\n[http_service]\ninternal_port = 8080\n# flyconf-disable-next-line autostop-value -- wrong id\nauto_start_machines = "true"\n`;
    expect(found(text)).toEqual(["4 unused-suppression", "5 autostart-type"]);
  });

  it("suppresses several rules named in one directive, and every finding of them on that line", () => {
    const text = `app = "web"\n# flyconf-disable-next-line autostart-type, autostop-value -- both\nhttp_service = { internal_port = 8080, ${BAD_START}, ${BAD_STOP} }\n`;
    expect(found(text.replace("# flyconf-disable-next-line autostart-type, autostop-value -- both\n", ""))).toEqual(["2 autostart-type", "2 autostop-value"]);
    expect(found(text)).toEqual([]);
  });

  it("with no id suppresses every rule on the next line", () => {
    const text = `app = "web"\n# flyconf-disable-next-line -- generated\nhttp_service = { internal_port = 8080, ${BAD_START}, ${BAD_STOP} }\n`;
    expect(found(text)).toEqual([]);
  });

  it("works as a trailing comment: it still targets the following line", () => {
    const text = toml(`internal_port2 = 1 # flyconf-disable-next-line autostart-type -- x`, BAD_START);
    expect(found(text, { "unknown-key": "off" })).toEqual([]);
  });

  it("a suppression on the last line (nothing follows) is unused", () => {
    expect(found(toml(BAD_START, "# flyconf-disable-next-line autostart-type"))).toEqual(["4 autostart-type", "5 unused-suppression"]);
  });
});

describe("flyconf-disable (file-wide)", () => {
  it("suppresses the named rule anywhere, before or after the comment", () => {
    const text = `# flyconf-disable autostart-type -- migrating\napp = "web"\n[http_service]\ninternal_port = 8080\n${BAD_START}\n[[services]]\ninternal_port = 9000\nprotocol = "tcp"\n${BAD_START}\n[[services.ports]]\nport = 9000\n`;
    expect(found(text.replace(/^# flyconf-disable.*\n/, "")).filter((x) => x.endsWith("autostart-type"))).toHaveLength(2);
    expect(found(text).filter((x) => x.endsWith("autostart-type"))).toEqual([]);
    expect(found(toml(BAD_START, "# flyconf-disable autostart-type -- at the end"))).toEqual([]);
  });

  it("leaves other rules alone", () => {
    expect(found(toml("# flyconf-disable autostart-type", BAD_STOP))).toEqual(["4 unused-suppression", "5 autostop-value"]);
  });

  it("with no id suppresses everything (except syntax errors) and is then used", () => {
    expect(found(toml("# flyconf-disable -- vendored file", BAD_START, BAD_STOP))).toEqual([]);
  });
});

describe("unused suppressions", () => {
  it("are reported at the comment, with a message naming the rule, as a warning by default", () => {
    const d = lint(toml("# flyconf-disable-next-line autostart-type -- stale", "force_https = true")).diagnostics;
    expect(d).toHaveLength(1);
    expect(d[0]).toMatchObject({ ruleId: "unused-suppression", severity: "warning", line: 4, column: 1, endLine: 4, keyPath: "" });
    expect(d[0]!.message).toContain("suppression of autostart-type suppresses nothing on the next line");
    expect(d[0]!.endColumn).toBe(1 + "# flyconf-disable-next-line autostart-type -- stale".length);
  });

  it("report only the ids that matched nothing", () => {
    const d = lint(toml("# flyconf-disable-next-line autostart-type, autostop-value", BAD_START)).diagnostics;
    expect(d.map((x) => x.message)).toEqual([expect.stringContaining("suppression of autostop-value suppresses nothing")]);
  });

  it("name unknown rule ids as unknown", () => {
    const d = lint(toml("# flyconf-disable-next-line autostart-typo", BAD_START)).diagnostics;
    expect(d.map((x) => `${x.ruleId}: ${x.message}`)).toEqual([expect.stringContaining('suppression of unknown rule "autostart-typo"'), expect.stringMatching(/^autostart-type/)]);
  });

  it("report a file-wide directive that silenced nothing, without 'on the next line'", () => {
    const d = lint(toml("# flyconf-disable autostart-type")).diagnostics;
    expect(d).toHaveLength(1);
    expect(d[0]!.message).toBe("suppression of autostart-type suppresses nothing: remove it");
  });

  it("report an id-less directive that silenced nothing", () => {
    expect(lint(toml("# flyconf-disable-next-line", "force_https = true")).diagnostics.map((x) => x.message)).toEqual([
      "this suppression suppresses nothing on the next line: remove it",
    ]);
  });

  it("report a duplicate directive: only the first one is used", () => {
    const text = toml("# flyconf-disable autostart-type", "# flyconf-disable-next-line autostart-type", BAD_START);
    expect(found(text)).toEqual(["5 unused-suppression"]);
  });

  it("report a misspelt directive instead of ignoring it silently", () => {
    const d = lint(toml("# flyconf-disable-lines autostart-type", BAD_START)).diagnostics;
    expect(d.map((x) => `${x.line} ${x.ruleId}`)).toEqual(["4 unused-suppression", "5 autostart-type"]);
    expect(d[0]!.message).toContain("unknown directive flyconf-disable-lines");
  });

  it("follow the unused-suppression setting: off silences them, error raises them", () => {
    const text = toml("# flyconf-disable-next-line autostart-type", "force_https = true");
    expect(lint(text, { rules: { "unused-suppression": "off" } }).diagnostics).toEqual([]);
    expect(lint(text, { rules: { "unused-suppression": "error" } }).diagnostics.map((x) => x.severity)).toEqual(["error"]);
  });

  it("include suppressions of a rule that is turned off (they can no longer suppress anything)", () => {
    expect(found(toml("# flyconf-disable-next-line autostart-type", BAD_START), { "autostart-type": "off" })).toEqual(["4 unused-suppression"]);
  });

  it("can themselves be suppressed by naming unused-suppression, file-wide or on the line before", () => {
    expect(found(toml("# flyconf-disable unused-suppression -- keep these for the migration", "# flyconf-disable-next-line autostart-type", "force_https = true"))).toEqual([]);
    expect(found(toml("# flyconf-disable-next-line unused-suppression", "# flyconf-disable-next-line autostart-type", "force_https = true"))).toEqual([]);
  });

  it("a suppression of unused-suppression that silenced nothing is reported too", () => {
    expect(lint(toml("# flyconf-disable unused-suppression")).diagnostics.map((x) => x.message)).toEqual(["suppression of unused-suppression suppresses nothing: remove it"]);
  });

  it("an id-less directive does not swallow the reports about other suppressions", () => {
    expect(found(toml("# flyconf-disable -- all", BAD_START, "# flyconf-disable-next-line autostop-value", "force_https = false"))).toEqual(["6 unused-suppression"]);
  });
});

describe("what cannot be suppressed", () => {
  it("a TOML syntax error (no document, so no comments are read)", () => {
    const d = lint("# flyconf-disable toml-syntax\napp = \n").diagnostics;
    expect(d.map((x) => x.ruleId)).toEqual(["toml-syntax"]);
  });
});

describe("suppressed findings and fixes", () => {
  it("a suppressed finding carries no fix into the result (so --fix leaves it alone)", () => {
    const d = lint(toml("# flyconf-disable-next-line autostart-type -- on purpose", BAD_START)).diagnostics;
    expect(d.some((x) => x.fix)).toBe(false);
  });

  it("CRLF line endings: lines are counted the same", () => {
    const text = toml("# flyconf-disable-next-line autostart-type -- crlf", BAD_START).replace(/\n/g, "\r\n");
    expect(found(text)).toEqual([]);
  });
});
