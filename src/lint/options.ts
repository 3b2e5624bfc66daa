// The lint side of the library's option contract (src/options.ts): the `rules` option names registered rules with a
// setting (`{ "duration-unit": "warning" }` used to turn the rule off silently). Portable: no Node.
import { showKey, showValue, type OptionCheck } from "../options.js";
import { RULES_BY_ID } from "../rules/index.js";
import { closest } from "../rules/utils/words.js";

/** Rule settings as written: "warning" is accepted everywhere as another name for "warn" (the output says warning). */
export const RULE_SETTING_WORDS = ["off", "warn", "warning", "error", "info"] as const;

/** `unknown rule "x" (did you mean "y"?)`: the nearest registered id by the one suggestion policy. */
export function unknownRuleText(id: string): string {
  const s = closest(id, RULES_BY_ID.keys());
  return `unknown rule ${showKey(id)}${s ? ` (did you mean ${JSON.stringify(s)}?)` : ""}`;
}

/**
 * The `rules` option (lint, lintMachineJson, compileGroup, validateMachineBody…): an object of registered rule id →
 * off/warn/warning/error/info. A check for checkOptions (src/options.ts).
 */
export const rulesOption: OptionCheck = (fn, _key, rules) => {
  if (typeof rules !== "object" || rules === null || Array.isArray(rules)) return "an object of rule id → setting";
  for (const id of Object.keys(rules)) {
    if (!RULES_BY_ID.has(id)) throw new TypeError(`${fn}: rules[${showKey(id)}]: ${unknownRuleText(id)}; \`flyconf rules\` lists them`);
    const v = (rules as Record<string, unknown>)[id];
    if (!(RULE_SETTING_WORDS as readonly unknown[]).includes(v)) {
      throw new TypeError(`${fn}: rules[${showKey(id)}] is ${showValue(v)}; expected "off", "warn" (or "warning"), "error" or "info"`);
    }
  }
  return undefined;
};
