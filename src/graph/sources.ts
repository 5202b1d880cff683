/** Source documents of a seed: metadata (YAML) beside a verbatim text, with section headings located in it. */
import { basename } from "node:path";
import { type Section, type Source, SourceMeta } from "./model.ts";
import type { SeedProblem } from "./problems.ts";
import { displayPath, listFiles, parseFile, readSeedText } from "./seed-files.ts";
import type { Steps } from "./steps.ts";
import { findOccurrences, resolveTimeSpan } from "./text.ts";
import { reportZodIssues } from "./zod-problems.ts";

/** Read every source's metadata and verbatim text under `dir`, locating its section headings; problems are collected, not thrown. */
export function* loadSources(dir: string, root: string, problems: SeedProblem[]): Steps<Map<string, Source>> {
  const sources = new Map<string, Source>();
  for (const path of listFiles(dir, /\.ya?ml$/, problems)) {
    const parsed = yield* parseFile(path, root, problems);
    if (!parsed) continue;
    const meta = SourceMeta.safeParse(parsed.data);
    if (!meta.success) {
      reportZodIssues(parsed, [], meta.error, problems);
      continue;
    }
    const { id } = meta.data;
    const textPath = path.replace(/\.ya?ml$/, ".txt");
    if (basename(textPath, ".txt") !== id) {
      problems.push({
        file: parsed.file,
        line: parsed.lineOf(["id"]),
        message: `source id "${id}" does not match its file name`,
        fix: `rename the files to ${id}.yaml and ${id}.txt, or set id: ${basename(textPath, ".txt")}`,
      });
      continue;
    }
    const text = yield* readSeedText(textPath, root, problems, {
      file: parsed.file,
      message: `source text ${basename(textPath)} not found`,
      fix: "put the verbatim text beside its metadata, with the same name and .txt",
    });
    if (text === null) continue;
    const date = resolveTimeSpan(meta.data.date, 0);
    if (typeof date === "string") {
      problems.push({
        file: parsed.file,
        line: parsed.lineOf(["date"]),
        message: date,
        fix: "give date.start",
      });
      continue;
    }
    const sections: Section[] = [];
    meta.data.sections.forEach((section, index) => {
      const at = findOccurrences(text, section.heading);
      if (at.length !== 1) {
        problems.push({
          file: parsed.file,
          line: parsed.lineOf(["sections", index, "heading"]),
          message: `section heading "${section.heading}" found ${at.length} times in ${basename(textPath)}`,
          fix: "copy the heading verbatim from the text, long enough to be unique",
        });
        return;
      }
      const start = at[0] ?? 0;
      const lineEnd = text.indexOf("\n", start);
      const title = text.slice(start, lineEnd === -1 ? undefined : lineEnd).trim();
      sections.push({ label: section.label, title, start, end: text.length });
    });
    sections.sort((a, b) => a.start - b.start);
    sections.forEach((section, index) => {
      section.end = sections[index + 1]?.start ?? text.length;
    });
    sources.set(id, {
      id,
      file: displayPath(textPath),
      title: meta.data.title,
      authors: meta.data.authors,
      kind: meta.data.kind,
      date,
      text,
      sections,
    });
  }
  return sources;
}
