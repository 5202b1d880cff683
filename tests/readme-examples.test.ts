import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { execute } from "./support/api.ts";

const readme = readFileSync(fileURLToPath(new URL("../README.md", import.meta.url)), "utf8");
const examples = [...readme.matchAll(/```graphql\n([\s\S]*?)```/g)].map((match) => match[1] ?? "");

describe("README examples", () => {
  it("has the promised examples", () => {
    expect(examples.length).toBeGreaterThanOrEqual(5);
  });

  it.each(examples.map((query) => [query.match(/query (\w+)/)?.[1] ?? "anonymous", query]))(
    "%s runs without errors and returns data",
    async (_name, query) => {
      const result = await execute(query);
      expect(result.errors).toBeUndefined();
      for (const value of Object.values(result.data ?? {})) expect(value).not.toBeNull();
      // Every example shows real content: at least one non-empty list of objects.
      expect(JSON.stringify(result.data)).toMatch(/":\[\{/);
    },
  );
});
