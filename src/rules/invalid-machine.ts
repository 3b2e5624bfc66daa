// Reported by the update path (compile with a `machine`, updateBody, compileGroup with a `machine`, `flyconf compile
// --merge`): the Machine to update is not one the update may take. Not a finding about fly.toml but about the Machine
// handed in; a rule like any other so that `flyconf rules`, `explain` and the library's RuleId know the id it prints.
import type { Rule } from "./types.js";

const rule: Rule = {
  meta: {
    id: "invalid-machine",
    severity: "error",
    description: "the Machine to update is not a Machine, has values fly-go cannot decode, or would be moved or attached",
    fixable: false,
    inputs: ["fly.toml"],
    // Its findings are problems an earlier stage reports (see claims), in that stage's words.
    messages: {},
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
