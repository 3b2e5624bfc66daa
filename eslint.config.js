// The project's own lint config (ESLint 9 flat config + typescript-eslint), run by `npm test` (`npm run lint`).
// It holds the style the code already follows so it stays uniform as more people touch it: no `any`, type-only
// imports marked as such, `===`, no unused code, and a line-length limit (comments wrap at 120 columns; code at 180,
// long strings and templates aside — messages are kept whole so they can be searched for).
import js from "@eslint/js";
import regexp from "eslint-plugin-regexp";
import tseslint from "typescript-eslint";

export default tseslint.config(
  { ignores: [".tmp/**", "dist/**", "generated/**", "node_modules/**", "coverage/**", "playground/dist/**", "editors/**/dist/**", "**/*.d.ts"] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { ecmaVersion: 2023, sourceType: "module", globals: { console: "readonly", process: "readonly", Buffer: "readonly" } },
    linterOptions: { reportUnusedDisableDirectives: "error" },
    rules: {
      "max-len": ["error", { code: 180, comments: 120, tabWidth: 2, ignoreStrings: true, ignoreTemplateLiterals: true, ignoreRegExpLiterals: true, ignoreUrls: true }],
      eqeqeq: ["error", "always"],
      "no-var": "error",
      "prefer-const": "error",
      "@typescript-eslint/consistent-type-imports": ["error", { fixStyle: "inline-type-imports", disallowTypeAnnotations: false }],
      // Escaping and input checks match control characters on purpose.
      "no-control-regex": "off",
      "@typescript-eslint/no-explicit-any": "error",
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_", caughtErrors: "none" }],
    },
  },
  // No regex in shipped code may backtrack super-linearly on input (issue 9): scslre's analysis over every literal,
  // within one match attempt and across the start positions a search moves through (`/\s+$/` is quadratic on a long
  // run of blanks followed by one other character). A regex it flags is rewritten or replaced by a scanner.
  {
    files: ["src/**/*.ts", "playground/src/**/*.ts", "bin/**/*.js", "editors/**/*.js", "editors/**/*.ts"],
    plugins: { regexp },
    rules: {
      "regexp/no-super-linear-backtracking": ["error", { report: "potential" }],
      "regexp/no-super-linear-move": ["error", { report: "potential", ignoreSticky: false, ignorePartial: false }],
    },
  },
  // TypeScript checks names itself (tsc); the rule only misreads type-only globals.
  { files: ["**/*.ts"], rules: { "no-undef": "off" } },
  // The CLI launcher is CommonJS (bin/package.json): Node never starts its ESM loader for it.
  {
    files: ["bin/**/*.js", "editors/vscode/src/**/*.js"],
    languageOptions: { sourceType: "commonjs", globals: { require: "readonly", module: "writable", __dirname: "readonly" } },
    rules: { "@typescript-eslint/no-require-imports": "off" },
  },
  { files: ["**/*.mjs"], languageOptions: { globals: { URL: "readonly", setTimeout: "readonly" } } },
);
