// schemas/fly-toml.schema.json: generated from the zod model, for editors. It must be fresh, accept every fly.toml
// the model accepts (no false rejections on real files), and reject the classic type mistakes.
import { readFileSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { Ajv } from "ajv";
import { describe, expect, it } from "vitest";
import { analyze, compile } from "../src/pipeline.js";
import { toPlain } from "../src/reader/values.js";
import { SCHEMA_ID, generateFlyTomlSchema, schemaPath } from "../scripts/gen-fly-toml-schema.js";
import { hasShared, noteSkip, projectRoot, sharedPath } from "./helpers/shared.js";

const committed = readFileSync(schemaPath, "utf8");
const schema = JSON.parse(committed) as Record<string, unknown>;
const ajv = new Ajv({ strict: false, allErrors: true });
const validate = ajv.compile(schema);

function plainOf(text: string): unknown {
  const doc = analyze(text).doc;
  if (!doc) throw new Error("not TOML");
  return toPlain(doc.value);
}

function errorsOf(text: string): string {
  validate(plainOf(text));
  return ajv.errorsText(validate.errors, { separator: "\n" });
}

const fixtureDir = join(projectRoot, "fixtures/schema");
const fixtures = readdirSync(fixtureDir).filter((f) => f.endsWith(".toml")).sort();

describe("fly-toml.schema.json", () => {
  it("is up to date with the model (else run: npx tsx scripts/gen-fly-toml-schema.ts)", () => {
    const fresh = generateFlyTomlSchema();
    expect(committed === fresh, "schemas/fly-toml.schema.json is stale: run `npx tsx scripts/gen-fly-toml-schema.ts` and commit it").toBe(true);
  });

  it("is a draft-07 schema with id, title and open objects", () => {
    expect(schema.$schema).toBe("http://json-schema.org/draft-07/schema#");
    expect(schema.$id).toBe(SCHEMA_ID);
    expect(typeof schema.title).toBe("string");
    expect(committed).not.toMatch(/"additionalProperties": false/);
    const props = schema.properties as Record<string, { description?: string }>;
    for (const key of ["app", "primary_region", "http_service", "services", "vm", "mounts", "env", "processes", "checks"]) {
      expect(props[key]?.description, key).toBeTruthy();
    }
    // An unknown key is the linter's business, not the schema's.
    expect(errorsOf('app = "x"\nsome_future_key = 1\n[http_service]\ninternal_port = 8080\nnew_option = true\n')).toBe("No errors");
  });

  it("describes leaves precisely (no opaque {} where the model has a type)", () => {
    const props = schema.properties as Record<string, Record<string, unknown>>;
    const http = props.http_service!.properties as Record<string, Record<string, unknown>>;
    expect(http.internal_port!.type).toBe("integer");
    expect(http.auto_start_machines!.type).toBe("boolean");
    expect(http.auto_stop_machines!.enum).toEqual([true, false, "off", "stop", "suspend"]);
  });

  for (const f of fixtures.filter((x) => x.startsWith("good-"))) {
    it(`accepts fixtures/schema/${f}`, () => {
      const text = readFileSync(join(fixtureDir, f), "utf8");
      expect(compile(text).diagnostics).toEqual([]);
      expect(errorsOf(text)).toBe("No errors");
    });
  }

  for (const f of fixtures.filter((x) => x.startsWith("bad-"))) {
    it(`rejects fixtures/schema/${f}`, () => {
      const text = readFileSync(join(fixtureDir, f), "utf8");
      expect(compile(text).diagnostics.length, "the model rejects it too").toBeGreaterThan(0);
      expect(validate(plainOf(text))).toBe(false);
    });
  }

  describe.skipIf(!hasShared)("corpus: every file that compiles cleanly validates", () => {
    for (const dir of ["real", "flyctl-fixtures"]) {
      it(`corpus/${dir}`, () => {
        const files = readdirSync(sharedPath("corpus", dir)).filter((f) => f.endsWith(".toml")).sort();
        expect(files.length).toBeGreaterThan(0);
        let checked = 0;
        const rejected: string[] = [];
        for (const f of files) {
          const text = readFileSync(sharedPath("corpus", dir, f), "utf8");
          if (compile(text).diagnostics.length > 0) continue;
          checked++;
          const errs = errorsOf(text);
          if (errs !== "No errors") rejected.push(`${f}: ${errs}`);
        }
        expect(rejected).toEqual([]);
        expect(checked).toBeGreaterThan(0);
      });
    }
  });
  noteSkip("fly-toml-schema over the real corpus");
});
