// flyctl's `fly config validate --strict` vectors (strict-*): every section and key flyctl reports as unknown must
// be reported by unknown-key too. unknown-key is deliberately stricter (it also looks inside services, mounts, vm
// and metrics), so extra findings are allowed — but only on keys, never on a clean file (strict-valid).
import { describe, expect, it } from "vitest";
import { formatKeyPath } from "../src/diagnostic.js";
import { lint } from "../src/lint/lint.js";
import { listVectors, readVector } from "./helpers/flyctl.js";

describe("strict vectors: unknown-key reports at least what flyctl --strict does", () => {
  it("the five strict vectors are here", () => expect(listVectors().filter((x) => /^strict-.*\.toml$/.test(x))).toHaveLength(5));
  for (const f of listVectors().filter((x) => /^strict-.*\.toml$/.test(x))) {
    it(f, () => {
      const expected = JSON.parse(readVector(f.replace(/\.toml$/, ".expected.json"))) as {
        unrecognized_sections: string[];
        unrecognized_keys: Record<string, string[]>;
      };
      const found = new Set(
        lint(readVector(f))
          .diagnostics.filter((d) => d.ruleId === "unknown-key")
          .map((d) => d.keyPath),
      );
      const want = [
        ...expected.unrecognized_sections,
        ...Object.entries(expected.unrecognized_keys).flatMap(([table, keys]) => keys.map((k) => formatKeyPath([...parsePath(table), k]))),
      ];
      for (const w of want) expect(found, `flyctl --strict reports ${w}`).toContain(w);
      if (want.length === 0) expect([...found]).toEqual([]);
    });
  }
});

/** "http_service.checks[0]" → ["http_service", "checks", 0] */
function parsePath(p: string): (string | number)[] {
  return p.split(".").flatMap((seg) => {
    const m = /^(.*?)((\[\d+\])*)$/.exec(seg)!;
    return [m[1]!, ...[...m[2]!.matchAll(/\[(\d+)\]/g)].map((x) => Number(x[1]))];
  });
}
