/** Seed problems: what is wrong, where (file:line) and how to fix it, and the error that carries them all. */

/** One thing wrong with the seed, located precisely enough to fix it. */
export interface SeedProblem {
  file: string;
  line: number;
  message: string;
  fix: string;
}

/** Thrown when a seed does not load; carries every problem, not just the first. */
export class SeedValidationError extends Error {
  constructor(readonly problems: SeedProblem[]) {
    super(`the seed has ${problems.length} problem(s):\n${problems.map(formatProblem).join("\n")}`);
    this.name = "SeedValidationError";
  }
}

/** Render a problem as `file:line: message` plus an indented fix line. */
export function formatProblem(problem: SeedProblem): string {
  return `${problem.file}:${problem.line}: ${problem.message}\n    fix: ${problem.fix}`;
}
