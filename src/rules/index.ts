// The rule registry: every rule module, in the order `flyconf rules` lists them.
import type { Rule } from "./types.js";
import tomlSyntax from "./toml-syntax.js";
import yamlSyntax from "./yaml-syntax.js";
import emptyConfig from "./empty-config.js";
import invalidType from "./invalid-type.js";
import autostopValue from "./autostop-value.js";
import autostartType from "./autostart-type.js";
import autostopWithoutAutostart from "./autostop-without-autostart.js";
import unusedSuppression from "./unused-suppression.js";
import ignoredSuppression from "./ignored-suppression.js";
import tooManyFindings from "./too-many-findings.js";
import autostartWithoutAutostop from "./autostart-without-autostop.js";
import groupInconsistent from "./group-inconsistent.js";
import unknownGroup from "./unknown-group.js";
import unknownKey from "./unknown-key.js";
import serviceNoPorts from "./service-no-ports.js";
import mountValues from "./mount-values.js";
import serviceMissingProcesses from "./service-missing-processes.js";
import portConflict from "./port-conflict.js";
import jsonSyntax from "./json-syntax.js";
import configWrapper from "./config-wrapper.js";
import detachedMachine from "./detached-machine.js";
import noRestartPolicy from "./no-restart-policy.js";
import restartRetries from "./restart-retries.js";
import missingImage from "./missing-image.js";
import concurrencyLimits from "./concurrency-limits.js";
import handlerValue from "./handler-value.js";
import minMachinesNoEffect from "./min-machines-no-effect.js";
import restartPolicy from "./restart-policy.js";
import durationUnit from "./duration-unit.js";
import autostopWorker from "./autostop-worker.js";
import deployStrategyIncompatible from "./deploy-strategy-incompatible.js";
import checkTimingBounds from "./check-timing-bounds.js";
import suspendIncompatibleVm from "./suspend-incompatible-vm.js";
import envReservedName from "./env-reserved-name.js";
import portRange from "./port-range.js";
import missingFile from "./missing-file.js";
import inputSize from "./input-size.js";
import invalidMachine from "./invalid-machine.js";
import unsafeInteger from "./unsafe-integer.js";

export const RULES: readonly Rule[] = [
  tomlSyntax,
  yamlSyntax,
  inputSize,
  emptyConfig,
  invalidType,
  autostopValue,
  autostartType,
  autostopWithoutAutostart,
  autostartWithoutAutostop,
  groupInconsistent,
  unknownGroup,
  serviceMissingProcesses,
  unknownKey,
  serviceNoPorts,
  portConflict,
  portRange,
  missingFile,
  unusedSuppression,
  ignoredSuppression,
  tooManyFindings,
  concurrencyLimits,
  handlerValue,
  minMachinesNoEffect,
  restartPolicy,
  durationUnit,
  autostopWorker,
  deployStrategyIncompatible,
  checkTimingBounds,
  suspendIncompatibleVm,
  envReservedName,
  mountValues,
  jsonSyntax,
  configWrapper,
  missingImage,
  detachedMachine,
  noRestartPolicy,
  restartRetries,
  invalidMachine,
  unsafeInteger,
];

export const RULES_BY_ID: ReadonlyMap<string, Rule> = new Map(RULES.map((r) => [r.meta.id, r]));
