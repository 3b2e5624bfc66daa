// The rule registry: every rule module, in the order `flyconf rules` lists them.
import type { Rule } from "./types.js";
import tomlSyntax from "./toml-syntax.js";
import invalidType from "./invalid-type.js";
import autostopValue from "./autostop-value.js";
import autostartType from "./autostart-type.js";
import autostopWithoutAutostart from "./autostop-without-autostart.js";
import unusedSuppression from "./unused-suppression.js";

export const RULES: readonly Rule[] = [tomlSyntax, invalidType, autostopValue, autostartType, autostopWithoutAutostart, unusedSuppression];

export const RULES_BY_ID: ReadonlyMap<string, Rule> = new Map(RULES.map((r) => [r.meta.id, r]));
