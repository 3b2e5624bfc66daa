// Reported by the update path (compile with a `machine`, updateBody, compileGroup with a `machine`, `flyconf compile
// --merge`): the Machine to update is not one the update may take. Not a finding about fly.toml but about the Machine
// handed in; a rule like any other so that `flyconf rules`, `explain` and the library's RuleId know the id it prints.
import type { ProblemMessages, Rule } from "./types.js";

const rule: Rule = {
  meta: {
    id: "invalid-machine",
    severity: "error",
    description: "the Machine to update is not a Machine, has values fly-go cannot decode, or would be moved or attached",
    fixable: false,
    inputs: ["fly.toml"],
    messages: {
      "update-not-machine": () => "the Machine to update must be a Machine object or a config object",
      "update-undecodable": ({ at, detail }) => `the Machine to update has a value fly-go cannot decode at config.${at}: ${detail}`,
      "update-moved": ({ own, wanted }) =>
        `the Machine belongs to process group ${JSON.stringify(own ?? "")}, not ${JSON.stringify(wanted)}: compiling it for ${JSON.stringify(wanted)} would move it (its services, command and metadata would change); pass onGroupChange: "allow" to do that${own !== undefined ? `, or compile for ${JSON.stringify(own)}` : ""}`,
      "update-detached": ({ wanted }) =>
        `the Machine is detached (its metadata has no fly_platform_version = "v2"): fly deploy leaves it alone, and compiling it for process group ${JSON.stringify(wanted)} would attach it; pass detached: "attach" to do that`,
    } satisfies ProblemMessages,
    suppressible: false,
    docs: `The update path (\`flyconf compile --merge machine.json\`, the library's \`updateBody\` and \`compile(toml, { machine })\`)
builds the config that updates an existing Machine, as \`fly deploy\` does. It refuses a Machine it cannot take:

- a value that is not a Machine (a GET response) or a config object;
- a config with a value fly-go cannot decode (\`"autostart": "yes"\`): it could not have come from the Machines API;
- a Machine of another process group than the one compiled for: the update would move it (its services, command and
  metadata change). flyctl moves it silently; pass \`--allow-group-change\` (\`onGroupChange: "allow"\`) to do that;
- a detached Machine (no \`fly_platform_version = "v2"\` or no \`fly_process_group\` in its metadata), which \`fly
  deploy\` leaves alone: the update would attach it. Pass \`--attach\` (\`detached: "attach"\`) to do that.

The examples are Machines compiled with \`--group worker\` against a fly.toml that defines \`web\` and \`worker\`. The
CLI prints these findings against the \`--merge\` file, without the id. A suppression comment in fly.toml cannot
silence it: the problem is the Machine, not the file.

Bad:
\`\`\`json
{"config": {"metadata": {"fly_platform_version": "v2", "fly_process_group": "web"}}}
\`\`\`

Good:
\`\`\`json
{"config": {"metadata": {"fly_platform_version": "v2", "fly_process_group": "worker"}}}
\`\`\``,
  },
  claims: [{ kinds: ["update-target"] }],
};
export default rule;
