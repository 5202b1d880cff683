import { createRequire } from "node:module";
import { configDefaults, defineConfig } from "vitest/config";

const require = createRequire(import.meta.url);

export default defineConfig({
  // Load graphql through the same (CommonJS) entry Node uses for Pothos and Yoga, so the tests and the
  // libraries share one copy: graphql refuses schema objects from "another module or realm".
  resolve: { alias: [{ find: /^graphql$/, replacement: require.resolve("graphql") }] },
  test: {
    include: ["tests/**/*.test.ts"],
    // Browser tests need Chromium: `npm run test:browser` runs them (and .ci/run, after `npm test`).
    exclude: [...configDefaults.exclude, ...(process.env.BROWSER_TESTS ? [] : ["tests/browser/**"])],
    testTimeout: 20_000,
    hookTimeout: 30_000,
  },
});
