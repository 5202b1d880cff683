/**
 * A fuzz campaign: generate cases from a seed, send each to both servers with modest concurrency, check every
 * property on every answer, probe /health as it goes, and tally what came back.
 */
import type { GraphQLSchema } from "graphql";
import { type FuzzCase, type GeneratorEnvironment, generateCase } from "./generate.ts";
import { getHealth, postGraphQL, type Reply } from "./http.ts";
import {
  type CostGraph,
  checkBounded,
  checkErrorCodes,
  checkJitIdentical,
  checkNodeBudget,
  differenceKind,
  errorCodes,
  isOnlySlow,
  PROPERTIES,
  type PropertyName,
} from "./properties.ts";
import { caseSeed, Random } from "./random.ts";

/** How a campaign runs. */
export interface CampaignOptions {
  seed: number;
  runs: number;
  /** Run only this case index (replaying one failure). */
  only?: number;
  jitUrl: string;
  graphqlJsUrl: string;
  env: GeneratorEnvironment;
  /** The served graph's figures, as the server passes them to `queryCost` (`store.stats()`). */
  costGraph: CostGraph;
  /** Requests in flight at once (each case goes to both servers). */
  concurrency?: number;
  /** The answer-time bound of property "bounded", in ms. */
  boundMs?: number;
  /** Probe GET /health after every this many cases. */
  healthEvery?: number;
  /** Keep the full detail of at most this many violations per property and variant. */
  keepPerProperty?: number;
  /** Time at most this many slow cases again alone (each may take seconds). */
  maxSlowRechecks?: number;
  /** Called after each case, for progress output. */
  onCase?: (done: number) => void;
}

/** One property violation, with all it takes to replay it. */
export interface Violation {
  property: PropertyName | "health";
  /** A finer class within the property (for jit differences: status, data, errors or format). */
  variant?: string;
  seed: number;
  index: number;
  detail: string;
  fuzzCase?: FuzzCase;
  jit?: Reply;
  graphqlJs?: Reply;
}

/** What a campaign saw. */
export interface CampaignReport {
  seed: number;
  cases: number;
  byKind: Record<string, number>;
  byLabel: Record<string, number>;
  /** Statuses of the graphql-js server's answers (jit differences are "jit-identical" violations). */
  statuses: Record<string, number>;
  /** Error codes in the graphql-js server's answers, one count per error. */
  codes: Record<string, number>;
  /** Valid documents answered 200 with data. */
  validAccepted: number;
  maxLatencyMs: number;
  health: { probes: number; maxLatencyMs: number };
  /** The largest objects/cost ratio among accepted answers (above 1 breaks the node budget). */
  maxObjectsPerCost: { ratio: number; objects: number; cost: number; index: number };
  violationCounts: Record<PropertyName | "health", number>;
  /** Counts per property and variant, e.g. "jit-identical/format". */
  violationVariants: Record<string, number>;
  /** Answers over the bound under load that were within it when the case was sent again alone. */
  slowOnlyUnderLoad: number;
  /** Requests re-sent once after the connection was reset (a keep-alive race, not an answer). */
  retriedAfterReset: number;
  /** The first violations of each property and variant, in full. */
  violations: Violation[];
  elapsedMs: number;
}

/** Add one to a tally. */
function tally(counts: Record<string, number>, key: string): void {
  counts[key] = (counts[key] ?? 0) + 1;
}

/** Run a campaign against two running servers and report every property violation. */
export async function runCampaign(options: CampaignOptions): Promise<CampaignReport> {
  const boundMs = options.boundMs ?? 2000;
  const healthEvery = options.healthEvery ?? 50;
  const keep = options.keepPerProperty ?? 5;
  const schema: GraphQLSchema = options.env.schema;
  const indexes =
    options.only === undefined ? Array.from({ length: options.runs }, (_, i) => i) : [options.only];
  const started = performance.now();
  const report: CampaignReport = {
    seed: options.seed,
    cases: 0,
    byKind: {},
    byLabel: {},
    statuses: {},
    codes: {},
    validAccepted: 0,
    maxLatencyMs: 0,
    health: { probes: 0, maxLatencyMs: 0 },
    maxObjectsPerCost: { ratio: 0, objects: 0, cost: 0, index: -1 },
    violationCounts: { bounded: 0, "error-codes": 0, "node-budget": 0, "jit-identical": 0, health: 0 },
    violationVariants: {},
    slowOnlyUnderLoad: 0,
    retriedAfterReset: 0,
    violations: [],
    elapsedMs: 0,
  };
  const violate = (violation: Violation) => {
    report.violationCounts[violation.property]++;
    const variant = violation.variant ? `${violation.property}/${violation.variant}` : violation.property;
    tally(report.violationVariants, variant);
    if ((report.violationVariants[variant] ?? 0) <= keep) report.violations.push(violation);
  };
  // A hang is reported as a failed answer well after the bound, so the rest of the campaign can go on.
  const abortMs = Math.max(10_000, boundMs * 5);
  /** POST a case; a reset connection (an idle keep-alive socket closed as it was reused) is retried once. */
  const send = async (url: string, fuzzCase: FuzzCase): Promise<Reply> => {
    const reply = await postGraphQL(url, fuzzCase.body, fuzzCase.chunked, abortMs);
    const resetIdleSocket =
      reply.failure && /ECONNRESET|other side closed|socket hang up/i.test(reply.failure);
    // An oversize body is reset on purpose once the server has answered 413: that one is not retried.
    if (!resetIdleSocket || fuzzCase.body.length > 100 * 1024) return reply;
    report.retriedAfterReset++;
    return postGraphQL(url, fuzzCase.body, fuzzCase.chunked, abortMs);
  };
  /** Cases answered after the bound while other requests were in flight, to be timed again alone. */
  const slowUnderLoad: { index: number; fuzzCase: FuzzCase; jit: Reply; graphqlJs: Reply }[] = [];

  const probeHealth = async (index: number) => {
    for (const url of [options.jitUrl, options.graphqlJsUrl]) {
      const reply = await getHealth(url, Math.max(10_000, boundMs * 5));
      report.health.probes++;
      report.health.maxLatencyMs = Math.max(report.health.maxLatencyMs, reply.latencyMs);
      if (reply.failure || reply.status !== 200 || reply.latencyMs > boundMs) {
        violate({
          property: "health",
          seed: options.seed,
          index,
          detail: `GET ${url}/health after case ${index}: ${reply.failure ?? `status ${reply.status}`} in ${Math.round(reply.latencyMs)} ms`,
        });
      }
    }
  };

  const runCase = async (index: number) => {
    const fuzzCase = generateCase(new Random(caseSeed(options.seed, index)), options.env);
    const [jit, graphqlJs] = await Promise.all([
      send(options.jitUrl, fuzzCase),
      send(options.graphqlJsUrl, fuzzCase),
    ]);
    const done = ++report.cases;
    tally(report.byKind, fuzzCase.kind);
    tally(report.byLabel, fuzzCase.label);
    tally(report.statuses, graphqlJs.failure ? "no answer" : String(graphqlJs.status));
    for (const code of errorCodes(graphqlJs)) tally(report.codes, typeof code === "string" ? code : "(none)");
    report.maxLatencyMs = Math.max(report.maxLatencyMs, jit.latencyMs, graphqlJs.latencyMs);
    const found = (property: PropertyName, detail: string | undefined, variant?: string) => {
      if (detail) violate({ property, variant, seed: options.seed, index, detail, fuzzCase, jit, graphqlJs });
    };
    // In-flight requests share the servers' event loop, so one slow request delays the others: time it alone.
    if (isOnlySlow(jit, boundMs) || isOnlySlow(graphqlJs, boundMs)) {
      slowUnderLoad.push({ index, fuzzCase, jit, graphqlJs });
    }
    for (const [server, reply] of [
      ["jit", jit],
      ["graphql-js", graphqlJs],
    ] as const) {
      const bounded = isOnlySlow(reply, boundMs) ? undefined : checkBounded(reply, boundMs);
      found(
        "bounded",
        bounded && `${server}: ${bounded}`,
        reply.failure ? "no-answer" : `status-${reply.status}`,
      );
      const coded = checkErrorCodes(reply);
      found("error-codes", coded && `${server}: ${coded}`);
      const budget = checkNodeBudget(schema, options.costGraph, fuzzCase, reply);
      if (budget) {
        found("node-budget", budget.violation && `${server}: ${budget.violation}`);
        const ratio = budget.cost > 0 ? budget.objects / budget.cost : budget.objects > 0 ? Infinity : 0;
        if (ratio > report.maxObjectsPerCost.ratio) {
          report.maxObjectsPerCost = { ratio, objects: budget.objects, cost: budget.cost, index };
        }
        if (server === "graphql-js" && fuzzCase.kind === "valid") report.validAccepted++;
      }
    }
    const different = checkJitIdentical(jit, graphqlJs);
    found("jit-identical", different, different && differenceKind(jit, graphqlJs));
    if (done % healthEvery === 0) await probeHealth(index);
    options.onCase?.(done);
  };

  let next = 0;
  const worker = async () => {
    while (next < indexes.length) {
      const index = indexes[next++] as number;
      await runCase(index);
    }
  };
  await Promise.all(Array.from({ length: options.concurrency ?? 4 }, worker));
  await probeHealth(indexes[indexes.length - 1] ?? 0);
  for (const suspect of slowUnderLoad.slice(0, options.maxSlowRechecks ?? 50)) {
    const { index, fuzzCase } = suspect;
    const jit = await send(options.jitUrl, fuzzCase);
    const graphqlJs = await send(options.graphqlJsUrl, fuzzCase);
    const alone = [
      ["jit", jit, suspect.jit],
      ["graphql-js", graphqlJs, suspect.graphqlJs],
    ] as const;
    const slow = alone.filter(([, reply]) => checkBounded(reply, boundMs) !== undefined);
    if (slow.length === 0) report.slowOnlyUnderLoad++;
    for (const [server, reply, underLoad] of slow) {
      const detail = `${server}: ${checkBounded(reply, boundMs)} when sent alone (${Math.round(underLoad.latencyMs)} ms under load)`;
      violate({
        property: "bounded",
        variant: "slow",
        seed: options.seed,
        index,
        detail,
        fuzzCase,
        jit,
        graphqlJs,
      });
    }
  }
  // Beyond the re-check cap, slow answers count as violations unconfirmed.
  for (const suspect of slowUnderLoad.slice(options.maxSlowRechecks ?? 50)) {
    const { index, fuzzCase, jit, graphqlJs } = suspect;
    const detail = `over the ${boundMs} ms bound under load (not re-timed alone: over the re-check cap)`;
    violate({
      property: "bounded",
      variant: "slow-unconfirmed",
      seed: options.seed,
      index,
      detail,
      fuzzCase,
      jit,
      graphqlJs,
    });
  }
  report.elapsedMs = performance.now() - started;
  return report;
}

/** Shorten text to `max` characters, saying how much was cut. */
function truncate(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max)}… (${text.length - max} more characters)`;
}

/** A violation as a reproducible failure message: seed, index, document, variables, operation, both answers. */
export function formatViolation(violation: Violation): string {
  const lines = [
    `property "${violation.property}" violated at case #${violation.index} (seed ${violation.seed})`,
    violation.property === "health"
      ? "  GET /health must answer 200 within the bound"
      : `  claim: ${PROPERTIES[violation.property]}`,
    `  detail: ${violation.detail}`,
    `  replay: FUZZ_SEED=${violation.seed} FUZZ_INDEX=${violation.index} npm test -- tests/fuzz.test.ts`,
  ];
  const { fuzzCase } = violation;
  if (fuzzCase) {
    lines.push(`  case: ${fuzzCase.kind} / ${fuzzCase.label}${fuzzCase.chunked ? " (chunked body)" : ""}`);
    if (fuzzCase.request) {
      lines.push(`  operationName: ${JSON.stringify(fuzzCase.request.operationName ?? null)}`);
      lines.push(`  variables: ${truncate(JSON.stringify(fuzzCase.request.variables ?? {}), 1500)}`);
      lines.push(`  document:\n${truncate(fuzzCase.request.query, 4000).replace(/^/gm, "    ")}`);
    } else {
      lines.push(`  body (${fuzzCase.body.length} bytes): ${truncate(JSON.stringify(fuzzCase.body), 1500)}`);
    }
  }
  for (const [name, reply] of [
    ["jit", violation.jit],
    ["graphql-js", violation.graphqlJs],
  ] as const) {
    if (!reply) continue;
    const head = reply.failure ? `no answer (${reply.failure})` : `${reply.status}`;
    lines.push(
      `  ${name} answer: ${head} in ${Math.round(reply.latencyMs)} ms: ${truncate(reply.body, 1500)}`,
    );
  }
  return lines.join("\n");
}

/** A campaign's tallies as a few readable lines. */
export function formatSummary(report: CampaignReport): string {
  const sorted = (counts: Record<string, number>) =>
    Object.entries(counts)
      .sort((a, b) => b[1] - a[1])
      .map(([key, count]) => `${key} ${count}`)
      .join(", ");
  const ratio = report.maxObjectsPerCost;
  return [
    `seed ${report.seed}: ${report.cases} cases in ${(report.elapsedMs / 1000).toFixed(1)} s (${sorted(report.byKind)})`,
    `  generators: ${sorted(report.byLabel)}`,
    `  statuses (graphql-js): ${sorted(report.statuses)}`,
    `  error codes (graphql-js): ${sorted(report.codes)}`,
    `  valid documents accepted (200 with data): ${report.validAccepted}`,
    `  max latency ${Math.round(report.maxLatencyMs)} ms; /health: ${report.health.probes} probes, max ${Math.round(report.health.maxLatencyMs)} ms`,
    `  max objects/cost ${ratio.ratio.toFixed(2)} (${ratio.objects} objects, cost ${ratio.cost}, case #${ratio.index})`,
    `  slow only under load (within the bound alone): ${report.slowOnlyUnderLoad}; re-sent after a connection reset: ${report.retriedAfterReset}`,
    `  violations: ${sorted(report.violationCounts)}`,
    `  by variant: ${sorted(report.violationVariants) || "none"}`,
  ].join("\n");
}
