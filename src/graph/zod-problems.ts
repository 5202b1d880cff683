/** Schema (zod) issues in a seed file, translated into seed problems with their line and a fix. */
import type { z } from "zod";
import type { SeedProblem } from "./problems.ts";
import type { ParsedFile } from "./seed-files.ts";

/** Turn a zod validation error on a parsed file into seed problems, each at the line of its field. */
export function reportZodIssues(
  parsed: ParsedFile,
  basePath: readonly PropertyKey[],
  error: z.ZodError,
  problems: SeedProblem[],
): void {
  for (const issue of error.issues) {
    const path = [...basePath, ...issue.path];
    const where = issue.path.length > 0 ? `\`${issue.path.join(".")}\`: ` : "";
    problems.push({
      file: parsed.file,
      line: parsed.lineOf(path),
      message: `${where}${issue.message}`,
      fix: fixForIssue(issue),
    });
  }
}

/** How to fix one zod issue, in words a curator can act on. */
function fixForIssue(issue: z.core.$ZodIssue): string {
  // A custom check (such as a calendar date) says how to fix what it found.
  if (issue.code === "custom" && typeof issue.params?.fix === "string") return issue.params.fix;
  if (issue.code === "unrecognized_keys")
    return `remove or rename ${issue.keys.join(", ")} (see seed/README.md)`;
  if (issue.code === "invalid_value") return `use one of: ${issue.values.join(", ")}`;
  if (issue.code === "invalid_type" && issue.input === undefined) return "add this required field";
  return "see the field table in seed/README.md";
}
