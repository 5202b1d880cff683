/**
 * Property-based fuzzing of the HTTP API: thousands of generated documents (valid, over a limit, invalid) sent to
 * a graphql-jit and a graphql-js server, and four properties checked on every answer (see tests/fuzz/).
 * Replay with `FUZZ_SEED=<n> npm test -- tests/fuzz.test.ts` (add FUZZ_INDEX=<i> for one case); FUZZ_RUNS sets
 * the number of cases.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type CampaignReport, formatSummary, formatViolation } from "./fuzz/campaign.ts";
import { PROPERTIES, type PropertyName } from "./fuzz/properties.ts";
import { type FuzzServers, runCampaignOnSeed, startFuzzServers } from "./fuzz/servers.ts";

/** The CI seed: fixed, so `npm test` is reproducible; FUZZ_SEED explores (or replays) others. */
const DEFAULT_SEED = 20_201_110;
const seed = Number(process.env.FUZZ_SEED ?? DEFAULT_SEED);
const runs = Number(process.env.FUZZ_RUNS ?? 2_000);
const only = process.env.FUZZ_INDEX === undefined ? undefined : Number(process.env.FUZZ_INDEX);

let servers: FuzzServers;
let report: CampaignReport;

beforeAll(async () => {
  servers = await startFuzzServers();
  report = await runCampaignOnSeed(servers, { seed, runs, only });
  console.log(formatSummary(report));
}, 300_000);

afterAll(async () => {
  await servers?.close();
});

/** Fail with every kept violation of a property, each printed so it can be replayed. */
function expectNoViolations(property: PropertyName | "health"): void {
  const count = report.violationCounts[property];
  if (count === 0) return;
  const shown = report.violations.filter((violation) => violation.property === property);
  const details = shown.map(formatViolation).join("\n\n");
  expect.fail(`${count} violation(s) of "${property}"; the first ${shown.length}:\n\n${details}`);
}

describe(`fuzz: generated requests (seed ${seed})`, () => {
  it.runIf(only === undefined)("sends the full mix, and most valid documents are answered with data", () => {
    expect(report.cases).toBe(runs);
    expect(report.byKind.valid ?? 0).toBeGreaterThan(runs * 0.6);
    expect(report.byKind.invalid ?? 0).toBeGreaterThan(runs * 0.2);
    // A generator that drifted from the schema would only test the validator.
    expect(report.validAccepted).toBeGreaterThan((report.byKind.valid ?? 0) * 0.3);
  });

  for (const [property, claim] of Object.entries(PROPERTIES) as [PropertyName, string][]) {
    it(`${property}: ${claim}`, () => expectNoViolations(property));
  }

  it("health: GET /health answers 200 within the bound between requests", () => expectNoViolations("health"));
});
