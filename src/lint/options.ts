// The library's option contract: a mistyped option is a TypeError naming the bad key and value, thrown before any
// work, never a silent default (`{ "duration-unit": "warning" }` used to turn the rule off). Portable: no Node.
import { RULES_BY_ID } from "../rules/index.js";
import { closest } from "../rules/utils/words.js";

/** Rule settings as written: "warning" is accepted everywhere as another name for "warn" (the output says warning). */
export const RULE_SETTING_WORDS = ["off", "warn", "warning", "error", "info"] as const;

const show = (v: unknown): string => (typeof v === "string" ? JSON.stringify(v) : typeof v === "function" ? "a function" : Array.isArray(v) ? "an array" : v === null ? "null" : typeof v === "object" ? "an object" : String(v));

/** `unknown rule "x" (did you mean "y"?)`: the nearest registered id by the one suggestion policy. */
export function unknownRuleText(id: string): string {
  const s = closest(id, RULES_BY_ID.keys());
  return `unknown rule ${JSON.stringify(id)}${s ? ` (did you mean ${JSON.stringify(s)}?)` : ""}`;
}

/**
 * Checks `options` against the keys a function takes and throws a TypeError for the first problem: an unknown key
 * (with the nearest known one), a `rules` entry naming no rule or with a setting other than off/warn/warning/
 * error/info, a `maxBytes` that is not a positive integer, a function option that is not a function.
 */
export function checkOptions(fn: string, options: unknown, keys: Readonly<Record<string, "rules" | "maxBytes" | "function" | "string" | "boolean" | "strings" | "any">>): void {
  if (options === undefined) return;
  if (typeof options !== "object" || options === null || Array.isArray(options)) throw new TypeError(`${fn}: options must be an object, not ${show(options)}`);
  for (const key of Object.keys(options)) {
    const kind = Object.hasOwn(keys, key) ? keys[key] : undefined;
    if (!kind) {
      const s = closest(key, Object.keys(keys));
      throw new TypeError(`${fn}: unknown option ${JSON.stringify(key)}${s ? ` (did you mean ${JSON.stringify(s)}?)` : ""}; options are ${Object.keys(keys).map((k) => JSON.stringify(k)).join(", ")}`);
    }
    const v = (options as Record<string, unknown>)[key];
    if (v === undefined) continue;
    const bad = (what: string) => new TypeError(`${fn}: option ${JSON.stringify(key)} must be ${what}, not ${show(v)}`);
    switch (kind) {
      case "rules":
        checkRules(fn, v);
        break;
      case "maxBytes":
        if (typeof v !== "number" || !Number.isSafeInteger(v) || v <= 0) throw bad("a positive integer (bytes)");
        break;
      case "function":
        if (typeof v !== "function") throw bad("a function");
        break;
      case "string":
        if (typeof v !== "string") throw bad("a string");
        break;
      case "boolean":
        if (typeof v !== "boolean") throw bad("true or false");
        break;
      case "strings":
        if (!Array.isArray(v) || v.some((x) => typeof x !== "string")) throw bad("an array of strings");
        break;
    }
  }
}

function checkRules(fn: string, rules: unknown): void {
  if (typeof rules !== "object" || rules === null || Array.isArray(rules)) throw new TypeError(`${fn}: option "rules" must be an object of rule id → setting, not ${show(rules)}`);
  for (const id of Object.keys(rules)) {
    if (!RULES_BY_ID.has(id)) throw new TypeError(`${fn}: rules[${JSON.stringify(id)}]: ${unknownRuleText(id)}; \`flyconf rules\` lists them`);
    const v = (rules as Record<string, unknown>)[id];
    if (!(RULE_SETTING_WORDS as readonly unknown[]).includes(v)) {
      throw new TypeError(`${fn}: rules[${JSON.stringify(id)}] is ${show(v)}; expected "off", "warn" (or "warning"), "error" or "info"`);
    }
  }
}
