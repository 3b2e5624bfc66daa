// Autostop on a service that covers a background-work process group: the proxy stops Machines that have no
// connections, and a worker busy with a job usually has none.
import { groupInfo, groupMatches } from "../compile/groups.js";
import type { KeyPath } from "../diagnostic.js";
import type { Autostop, FlyToml } from "../model/schema.js";
import { defineRule, type Rule } from "./types.js";
import { serviceLabel, sourcePath } from "./utils/paths.js";

/** Whole tokens of a group name or command that suggest background work. */
const WORKER_WORDS = ["worker", "workers", "queue", "queues", "job", "jobs", "cron", "scheduler", "consumer", "consumers", "bull"];
/** Job runners and schedulers that never serve proxy traffic themselves: a command naming one is enough. */
const JOB_RUNNERS = [
  "sidekiq", "celery", "resque", "rq", "good_job", "goodjob", "solid_queue", "delayed_job", "oban", "bullmq", "arq",
  "dramatiq", "huey", "faktory", "horizon", "supercronic", "crond", "jobs:work", "queue:work", "solid_queue:start",
];
const tokens = (words: readonly string[]) =>
  new RegExp(`(?<![a-z0-9])(${words.map((w) => w.replace(/_/g, "[_-]")).join("|")})(?![a-z0-9])`, "i");
const WORKER_WORD = tokens(WORKER_WORDS);
const JOB_RUNNER = tokens(JOB_RUNNERS);

const messages = {
  worker: ({ label, autostop, group, why }: { label: string; autostop: Autostop; group: string; why: WorkerReason }) =>
    `${label} stops idle Machines (auto_stop_machines = ${JSON.stringify(autostop)}) and applies to process group ${JSON.stringify(group)}, which ${reasonText(why)}: the proxy stops a Machine once it has no connections, even in the middle of a job. Give background work its own process group without this service, or set auto_stop_machines = "off" (and let the worker exit when it is done), or keep a connection open while a job runs`,
};

/** The word that gave a group away, and where it was. */
interface WorkerReason {
  by: "name" | "command";
  word: string;
}

function reasonText({ by, word }: WorkerReason): string {
  return by === "name" ? `looks like background work (its name says ${JSON.stringify(word)})` : `looks like background work (its command runs ${JSON.stringify(word)})`;
}

/**
 * Why a group looks like background work, or undefined. `strong` when its command runs a known job runner; a name
 * or a generic word alone ("worker") is weak: a group with its own service may well serve that port.
 */
function workerReason(model: FlyToml, group: string): { why: WorkerReason; strong: boolean } | undefined {
  const cmd = model.processes?.[group] ?? "";
  const runner = JOB_RUNNER.exec(cmd);
  if (runner) return { why: { by: "command", word: runner[1]!.toLowerCase() }, strong: true };
  const byName = WORKER_WORD.exec(group);
  if (byName) return { why: { by: "name", word: byName[1]!.toLowerCase() }, strong: false };
  const byCmd = WORKER_WORD.exec(cmd);
  return byCmd ? { why: { by: "command", word: byCmd[1]!.toLowerCase() }, strong: false } : undefined;
}

const rule: Rule<typeof messages> = {
  meta: {
    id: "autostop-worker",
    severity: "warning",
    description: "autostop on a service that applies to a worker, queue, cron or scheduler process group",
    fixable: false,
    inputs: ["fly.toml"],
    messages,
    docs: `The Fly proxy stops (or suspends) a Machine when it has had no connections for a while. A background worker —
a queue consumer, a cron or scheduler process, Sidekiq, Celery, Oban, BullMQ and the like — gets no traffic through
the proxy, so a service with \`auto_stop_machines\` that covers its process group stops it, even in the middle of a
job, and autostart never wakes it. The docs name three ways out: run the worker in its own process group with no
autostopping service, turn autostop off and have the worker exit when it is done, or keep a connection open while
a job runs. The rule reports a service that covers a group whose \`[processes]\` command runs a known job runner
(Sidekiq, Celery, RQ, GoodJob, Solid Queue, Oban, BullMQ, supercronic, …), and a service that covers several groups
when one of them is named or run like a worker (\`worker\`, \`queue\`, \`jobs\`, \`cron\`, \`scheduler\`, …). A group
with its own service is not judged by its name alone: it may well serve that port.

Evidence: manavgup/wikimind#616 (ARQ workers auto-stopped: "Fly never sees traffic"); Fly docs \`apps/processes\` and
\`launch/autostop-autostart\`; superfly/llm-describer#1 (the inverse: \`min_machines_running\` keeping a GPU Machine up).

Bad:
\`\`\`toml
[processes]
app = "bin/rails server"
worker = "bundle exec sidekiq"

[http_service]
internal_port = 3000
auto_stop_machines = "stop"
auto_start_machines = true
processes = ["app", "worker"]
\`\`\`

Good:
\`\`\`toml
[processes]
app = "bin/rails server"
worker = "bundle exec sidekiq"

[http_service]
internal_port = 3000
auto_stop_machines = "stop"
auto_start_machines = true
processes = ["app"]
\`\`\``,
  },
  checkToml({ doc, model, report }) {
    if (!model) return;
    const { names: groups, def } = groupInfo(model);
    const check = (s: { auto_stop_machines?: Autostop; processes?: string[] }, base: KeyPath) => {
      const autostop = s.auto_stop_machines;
      if (autostop === undefined || autostop === "off") return;
      const covered = groups.filter((g) => groupMatches(g, s.processes, def));
      for (const g of covered) {
        const reason = workerReason(model, g);
        // A weak match counts only when the service also covers another group (it was meant for that one).
        if (!reason || (!reason.strong && covered.length < 2)) continue;
        const why = reason.why;
        report({ path: sourcePath(doc, [...base, "auto_stop_machines"]), messageId: "worker", data: { label: serviceLabel(doc, base), autostop, group: g, why } });
      }
    };
    if (model.http_service) check(model.http_service, ["http_service"]);
    model.services?.forEach((s, i) => check(s, ["services", i]));
  },
};
export default defineRule(rule);
