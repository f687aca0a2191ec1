// ESLint (flat config): JavaScript's and typescript-eslint's recommended rules,
// type-aware (floating or misused promises, needless assertions), and React's
// two hooks rules, which TypeScript cannot check: hooks called unconditionally
// at the top level, and effect dependencies complete. The React Compiler's
// rules (the rest of eslint-plugin-react-hooks 7's "recommended") are left
// out: this UI is not compiled by it, and they reject the fetch-when-the-filter-
// changes effects it uses on purpose. `npm run lint`; make lint and make test run it.
import js from "@eslint/js";
import reactHooks from "eslint-plugin-react-hooks";
import globals from "globals";
import tseslint from "typescript-eslint";

export default tseslint.config(
  { ignores: ["dist/", "test-results/", "playwright-report/", "src/api/schema.ts"] },
  {
    files: ["**/*.{ts,tsx}"],
    extends: [js.configs.recommended, ...tseslint.configs.recommendedTypeChecked],
    languageOptions: {
      ecmaVersion: 2022,
      globals: { ...globals.browser, ...globals.node },
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
  },
  {
    // Only the app: Playwright's fixtures call a function named `use` too.
    files: ["src/**/*.{ts,tsx}"],
    plugins: { "react-hooks": reactHooks },
    rules: {
      "react-hooks/rules-of-hooks": "error",
      "react-hooks/exhaustive-deps": "error",
    },
  },
  {
    files: ["**/*.{js,mjs}"],
    extends: [js.configs.recommended],
    languageOptions: { globals: { ...globals.node } },
  },
);
