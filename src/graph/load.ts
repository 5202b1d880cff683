/**
 * Reads a seed directory (sources + curated graph files), validates everything, resolves every quote to offsets,
 * and returns the loaded graph. All-or-nothing: any problem anywhere throws one SeedValidationError listing
 * every problem found, each with file:line, what is wrong and how to fix it.
 */
import { join } from "node:path";
import { deriveAttributions, relationsBy } from "./attribution.ts";
import { closestName } from "./hints.ts";
import {
  ACYCLIC_RELATION_TYPES,
  ENTITY_KINDS,
  type Entity,
  type EntityKind,
  type Evidence,
  RELATION_ENDPOINT_KINDS,
  RELATION_TYPES,
  type Relation,
  type RelationType,
  SeedEntity,
  type SeedEvidence,
  SeedFile,
  SeedRelation,
  type SeedTimeSpan,
  type Source,
  type TimeSpan,
} from "./model.ts";
import { type SeedProblem, SeedValidationError } from "./problems.ts";
import { listFiles, type ParsedFile, parseFile, seedRoot } from "./seed-files.ts";
import { loadSources } from "./sources.ts";
import { ITEMS_PER_STEP, runSteps, type Steps } from "./steps.ts";
import { closestPassage, findOccurrences, resolveTimeSpan } from "./text.ts";
import { reportZodIssues } from "./zod-problems.ts";

/** The loaded, validated content of a seed directory. */
export interface LoadedSeed {
  sources: Source[];
  entities: Entity[];
  relations: Relation[];
}

/** Load and validate the seed under `seedDir` (with `sources/` and `graph/`); throws SeedValidationError. */
export function loadSeed(seedDir: string): LoadedSeed {
  return runSteps(loadSeedSteps(seedDir));
}

/** loadSeed as steps, so a server can keep answering while a large seed loads (see steps.ts). */
export function* loadSeedSteps(seedDir: string): Steps<LoadedSeed> {
  const problems: SeedProblem[] = [];
  const root = seedRoot(seedDir);
  const sources = yield* loadSources(join(seedDir, "sources"), root, problems);
  const graphDir = join(seedDir, "graph");
  const graphFiles = listFiles(graphDir, /\.(ya?ml|json)$/, problems);
  const builder = new GraphBuilder(sources, problems);
  for (const path of graphFiles) {
    const parsed = yield* parseFile(path, root, problems);
    if (!parsed) continue;
    yield* builder.addFile(parsed);
    // Problems found later only need line numbers, not the parsed tree: let it be collected now.
    parsed.data = undefined;
  }
  const loaded = yield* builder.finish();
  if (problems.length > 0) throw new SeedValidationError(problems);
  return loaded;
}

/** The qualifiers of a relation that has none: one shared, frozen object for all of them. */
const NO_QUALIFIERS: Relation["qualifiers"] = Object.freeze({});

/** Whether an entity is of one of the allowed kinds (any kind when none are given). */
function fits(entity: Entity, kinds: readonly EntityKind[] | undefined): boolean {
  return !kinds || kinds.includes(entity.kind);
}

interface PendingRelation {
  type: RelationType;
  from: string;
  to: string;
  qualifiers: Relation["qualifiers"];
  evidence: Evidence[];
  file: ParsedFile;
  path: readonly PropertyKey[];
}

/** Accumulates entities and relations across files, then checks cross-file references. */
class GraphBuilder {
  /** Each entity with where it is defined; its line is looked up only when a problem names it. */
  private readonly entities = new Map<string, { entity: Entity; parsed: ParsedFile; path: PropertyKey[] }>();
  private readonly relations: PendingRelation[] = [];
  /** "Did you mean" hints for dangling ids, once per id (finish() reports after every entity is known). */
  private readonly closestIds = new Map<string, string | null>();

  constructor(
    private readonly sources: Map<string, Source>,
    private readonly problems: SeedProblem[],
  ) {}

  *addFile(parsed: ParsedFile): Steps<void> {
    const file = SeedFile.safeParse(parsed.data ?? {});
    if (!file.success) {
      reportZodIssues(parsed, [], file.error, this.problems);
      return;
    }
    const defaultSource = file.data.source;
    if (defaultSource !== undefined && !this.sources.has(defaultSource)) {
      this.problem(parsed, ["source"], `unknown source "${defaultSource}"`, this.sourceFix(defaultSource));
    }
    for (const [index, item] of file.data.entities.entries()) {
      this.addEntity(parsed, ["entities", index], item, defaultSource);
      if (index % ITEMS_PER_STEP === 0) yield;
    }
    for (const [index, item] of file.data.relations.entries()) {
      this.addRelation(parsed, ["relations", index], item, defaultSource);
      if (index % ITEMS_PER_STEP === 0) yield;
    }
  }

  private problem(parsed: ParsedFile, path: readonly PropertyKey[], message: string, fix: string): void {
    this.problems.push({ file: parsed.file, line: parsed.lineOf(path), message, fix });
  }

  private sourceFix(wanted: string): string {
    const near = closestName(wanted, this.sources.keys());
    return near
      ? `did you mean "${near}"?`
      : `known sources: ${[...this.sources.keys()].join(", ") || "none"}`;
  }

  private addEntity(parsed: ParsedFile, path: PropertyKey[], item: unknown, defaultSource?: string): void {
    const kind = (item as { kind?: unknown } | null)?.kind;
    if (typeof kind !== "string" || !(ENTITY_KINDS as readonly string[]).includes(kind)) {
      const near = typeof kind === "string" ? closestName(kind.toUpperCase(), ENTITY_KINDS) : null;
      this.problem(
        parsed,
        [...path, "kind"],
        `unknown entity kind ${JSON.stringify(kind ?? null)}`,
        `${near ? `did you mean ${near}? ` : ""}kinds: ${ENTITY_KINDS.join(", ")}`,
      );
      return;
    }
    const result = SeedEntity.safeParse(item);
    if (!result.success) {
      reportZodIssues(parsed, path, result.error, this.problems);
      return;
    }
    const seed = result.data;
    const previous = this.entities.get(seed.id);
    if (previous) {
      this.problem(
        parsed,
        [...path, "id"],
        `duplicate id "${seed.id}" (first defined at ${previous.parsed.file}:${previous.parsed.lineOf(previous.path)})`,
        "ids are unique across all graph files: rename one, or merge the two entries",
      );
      return;
    }
    const evidence = this.resolveEvidence(parsed, path, seed.evidence, defaultSource);
    const reference = this.referenceYear(defaultSource);
    const date = (field: "date" | "timeframe" | "covers", span: SeedTimeSpan | undefined) => {
      if (!span) return null;
      const resolved = resolveTimeSpan(span, reference);
      if (typeof resolved === "string") {
        this.problem(
          parsed,
          [...path, field],
          `date that does not parse: ${resolved}`,
          "see `timeframe` in seed/README.md",
        );
        return null;
      }
      return this.dateWithEvidence(parsed, [...path, field], resolved, span, evidence, defaultSource);
    };
    // Every entity is an object literal with all its properties, never a spread of a shared part: V8 gives each
    // object built by `{ ...common, more }` a hidden class of its own (about 100 bytes, and slower lookups).
    const { id, name, aliases, description } = seed;
    let entity: Entity;
    const shorthand = (type: RelationType, from: string, to: string, field: string) => {
      this.relations.push({
        type,
        from,
        to,
        qualifiers: NO_QUALIFIERS,
        evidence,
        file: parsed,
        path: [...path, field],
      });
    };
    switch (seed.kind) {
      case "POST":
        entity = { id, name, aliases, description, evidence, kind: seed.kind };
        if (seed.organization) shorthand("POST_IN", seed.id, seed.organization, "organization");
        break;
      case "DOCUMENT":
        if (seed.source !== undefined && !this.sources.has(seed.source)) {
          this.problem(
            parsed,
            [...path, "source"],
            `unknown source "${seed.source}"`,
            this.sourceFix(seed.source),
          );
        }
        entity = {
          id,
          name,
          aliases,
          description,
          evidence,
          kind: seed.kind,
          documentType: seed.documentType,
          sourceId: seed.source ?? null,
          date:
            date("date", seed.date) ?? (seed.source ? (this.sources.get(seed.source)?.date ?? null) : null),
          covers: date("covers", seed.covers),
        };
        break;
      case "EVENT":
        entity = {
          id,
          name,
          aliases,
          description,
          evidence,
          kind: seed.kind,
          date: date("date", seed.date),
          format: seed.format,
          status: seed.status,
        };
        if (seed.place) shorthand("LOCATED_IN", seed.id, seed.place, "place");
        break;
      case "COMMITMENT":
        entity = {
          id,
          name,
          aliases,
          description,
          evidence,
          kind: seed.kind,
          commitmentKind: seed.commitmentKind,
          codingNote: seed.codingNote ?? null,
          novelty: seed.novelty,
          statement: seed.statement,
          status: seed.status,
          timeframe: date("timeframe", seed.timeframe),
          quantities: seed.quantities,
        };
        for (const actor of seed.committedBy) shorthand("MAKES", actor, seed.id, "committedBy");
        for (const actor of seed.addressedTo) shorthand("ADDRESSED_TO", seed.id, actor, "addressedTo");
        if (seed.initiative) shorthand("CONTAINS", seed.initiative, seed.id, "initiative");
        for (const topic of seed.topics) shorthand("CONCERNS", seed.id, topic, "topics");
        if (seed.place) shorthand("LOCATED_IN", seed.id, seed.place, "place");
        break;
      default:
        entity = { id, name, aliases, description, evidence, kind: seed.kind };
    }
    this.entities.set(seed.id, { entity, parsed, path: [...path, "id"] });
  }

  /**
   * A resolved date with the quotes that date it: its own `evidence` when given, else the entity's quotes that
   * hold its relative phrase. An inferred date must say how it follows (`note`) and quote every step.
   */
  private dateWithEvidence(
    parsed: ParsedFile,
    path: readonly PropertyKey[],
    resolved: TimeSpan,
    span: SeedTimeSpan,
    entityEvidence: readonly Evidence[],
    defaultSource?: string,
  ): TimeSpan {
    const own = span.evidence ? this.resolveEvidence(parsed, path, span.evidence, defaultSource) : null;
    const raw = span.raw?.toLowerCase();
    const evidence =
      own ?? (raw ? entityEvidence.filter((quote) => quote.quote.toLowerCase().includes(raw)) : []);
    if (span.inferred && (!span.note || !span.evidence?.length)) {
      this.problem(
        parsed,
        [...path, "inferred"],
        "an inferred date says how it follows (`note`) and quotes each step of the chain (`evidence`)",
        "add `note:` and `evidence:` to the date, or drop `inferred: true`",
      );
    }
    const { start, end, precision, raw: phrase } = resolved;
    return {
      start,
      end,
      precision,
      raw: phrase,
      inferred: span.inferred ?? false,
      note: span.note ?? null,
      evidence,
    };
  }

  /** Each held source must be the text of exactly one DOCUMENT entity, which evidence then links to. */
  private documentsBySource(): Map<string, string> {
    const holders = new Map<string, { id: string; parsed: ParsedFile; path: PropertyKey[] }[]>();
    for (const { entity, parsed, path } of this.entities.values()) {
      if (entity.kind === "DOCUMENT" && entity.sourceId) {
        const list = holders.get(entity.sourceId) ?? [];
        list.push({ id: entity.id, parsed, path });
        holders.set(entity.sourceId, list);
      }
    }
    const documentBySource = new Map<string, string>();
    for (const source of this.sources.values()) {
      const found = holders.get(source.id) ?? [];
      const [first, second] = found;
      if (first && !second) {
        documentBySource.set(source.id, first.id);
      } else if (!first) {
        this.problems.push({
          file: source.file,
          line: 1,
          message: `source "${source.id}" is held by no DOCUMENT entity`,
          fix: `add a DOCUMENT entity with \`source: ${source.id}\` to a graph file`,
        });
      } else {
        this.problems.push({
          file: second?.parsed.file ?? source.file,
          line: second?.parsed.lineOf(second.path) ?? 1,
          message: `source "${source.id}" is held by several DOCUMENT entities: ${found.map((f) => f.id).join(", ")}`,
          fix: "keep `source:` on one of them",
        });
      }
    }
    return documentBySource;
  }

  private referenceYear(sourceId: string | undefined): number {
    const source = sourceId ? this.sources.get(sourceId) : this.onlySource();
    return Number((source?.date.start ?? "0").slice(0, 4));
  }

  private onlySource(): Source | undefined {
    return this.sources.size === 1 ? this.sources.values().next().value : undefined;
  }

  private addRelation(parsed: ParsedFile, path: PropertyKey[], item: unknown, defaultSource?: string): void {
    const type = (item as { type?: unknown } | null)?.type;
    if (typeof type !== "string" || !(RELATION_TYPES as readonly string[]).includes(type)) {
      const near = typeof type === "string" ? closestName(type.toUpperCase(), RELATION_TYPES) : null;
      this.problem(
        parsed,
        [...path, "type"],
        `unknown relation type ${JSON.stringify(type ?? null)}`,
        `${near ? `did you mean ${near}? ` : ""}types: ${RELATION_TYPES.join(", ")}`,
      );
      return;
    }
    const result = SeedRelation.safeParse(item);
    if (!result.success) {
      reportZodIssues(parsed, path, result.error, this.problems);
      return;
    }
    const seed = result.data;
    const evidence = this.resolveEvidence(parsed, path, seed.evidence, defaultSource);
    this.relations.push({
      type: seed.type,
      from: seed.from,
      to: seed.to,
      qualifiers:
        seed.qualifiers && Object.keys(seed.qualifiers).length > 0 ? seed.qualifiers : NO_QUALIFIERS,
      evidence,
      file: parsed,
      path,
    });
  }

  private resolveEvidence(
    parsed: ParsedFile,
    path: readonly PropertyKey[],
    quotes: SeedEvidence[],
    defaultSource?: string,
  ): Evidence[] {
    const resolved: Evidence[] = [];
    quotes.forEach((item, index) => {
      // Built only when a problem names it: a seed of 10^6 quotes would otherwise make 10^6 arrays for nothing.
      const where = () => [...path, "evidence", index];
      const seed = typeof item === "string" ? { quote: item } : item;
      const sourceId = seed.source ?? defaultSource ?? this.onlySource()?.id;
      const source = sourceId ? this.sources.get(sourceId) : undefined;
      if (!source) {
        this.problem(
          parsed,
          where(),
          sourceId ? `evidence cites unknown source "${sourceId}"` : "evidence names no source",
          sourceId ? this.sourceFix(sourceId) : "set `source:` at the top of the file or on the quote",
        );
        return;
      }
      const start = this.locate(parsed, where, source, seed);
      if (start === undefined) return;
      const section = source.sections.find((s) => start >= s.start && start < s.end);
      resolved.push({
        // The source's own characters (the same as the quote's, by `locate`): a slice shares the source text's
        // memory instead of keeping a copy of every quote.
        quote: source.text.slice(start, start + seed.quote.length),
        sourceId: source.id,
        documentId: "", // filled in by finish(), once every DOCUMENT entity is known
        start,
        end: start + seed.quote.length,
        section: section?.label ?? null,
      });
    });
    return resolved;
  }

  /**
   * The start offset of one quote in its source, or undefined after reporting why it has none. A `near` that is
   * exactly where the quote starts is taken as it is, without scanning the text: it is by definition the
   * occurrence nearest itself (this is what keeps loading linear for generated seeds that cite every offset).
   */
  private locate(
    parsed: ParsedFile,
    where: () => readonly PropertyKey[],
    source: Source,
    seed: { quote: string; occurrence?: number | undefined; near?: number | undefined },
  ): number | undefined {
    if (
      seed.occurrence === undefined &&
      seed.near !== undefined &&
      source.text.startsWith(seed.quote, seed.near)
    ) {
      return seed.near;
    }
    const found = findOccurrences(source.text, seed.quote);
    const shortQuote = seed.quote.length > 70 ? `${seed.quote.slice(0, 67)}...` : seed.quote;
    if (found.length === 0) {
      const near = closestPassage(source.text, seed.quote);
      this.problem(
        parsed,
        where(),
        `quote not found in ${source.id}: "${shortQuote}"`,
        near
          ? // Line breaks shown as \n keep the problem on one line.
            `copy it verbatim; the closest passage is "${near.replaceAll("\n", "\\n")}"`
          : "copy the quote verbatim from the source (curly quotes and missing spaces included)",
      );
      return undefined;
    }
    if (seed.occurrence !== undefined) {
      const start = found[seed.occurrence - 1];
      if (start === undefined) {
        this.problem(
          parsed,
          where(),
          `occurrence ${seed.occurrence} of "${shortQuote}" asked, but it occurs ${found.length} time(s)`,
          `use an occurrence from 1 to ${found.length}`,
        );
      }
      return start;
    }
    if (seed.near !== undefined) {
      const near = seed.near;
      return found.reduce((best, at) => (Math.abs(at - near) < Math.abs(best - near) ? at : best));
    }
    if (found.length > 1) {
      const offsets = found.length > 10 ? `${found.slice(0, 10).join(", ")}, ...` : found.join(", ");
      this.problem(
        parsed,
        where(),
        `quote is ambiguous: "${shortQuote}" occurs ${found.length} times in ${source.id} (at ${offsets})`,
        "lengthen the quote until it is unique, or add `occurrence: N` (1-based) or `near: OFFSET`",
      );
      return undefined;
    }
    return found[0] ?? 0;
  }

  *finish(): Steps<LoadedSeed> {
    const documentBySource = this.documentsBySource();
    let count = 0;
    for (const { entity } of this.entities.values()) {
      for (const evidence of entity.evidence)
        evidence.documentId = documentBySource.get(evidence.sourceId) ?? "";
      if (++count % ITEMS_PER_STEP === 0) yield;
    }
    for (const relation of this.relations) {
      for (const evidence of relation.evidence)
        evidence.documentId = documentBySource.get(evidence.sourceId) ?? "";
      if (++count % ITEMS_PER_STEP === 0) yield;
    }
    const relations: Relation[] = [];
    const seen = new Map<string, PendingRelation>();
    for (const pending of this.relations) {
      if (++count % ITEMS_PER_STEP === 0) yield;
      const from = this.entities.get(pending.from)?.entity;
      const to = this.entities.get(pending.to)?.entity;
      const allowed = RELATION_ENDPOINT_KINDS[pending.type];
      if (!from || !to || !fits(from, allowed?.from) || !fits(to, allowed?.to)) {
        this.reportEndpoints(pending, from, to);
        continue;
      }
      if (from === to) {
        this.problem(
          pending.file,
          pending.path,
          `${pending.type} from "${from.id}" to itself`,
          "a relation links two different entities: remove it, or point it at the entity meant",
        );
        continue;
      }
      // The endpoints' own id strings, so every relation of a node shares one string (less memory, and Map
      // lookups by these ids compare pointers), and a flat id (join builds one; `+` would build a rope).
      const id = [from.id, pending.type, to.id].join("~");
      const first = seen.get(id);
      if (first) {
        this.problem(
          pending.file,
          pending.path,
          `duplicate relation ${pending.type} ${pending.from} → ${pending.to} (also at ${first.file.file}:${first.file.lineOf(first.path)})`,
          "state each (type, from, to) once and list all its quotes under one `evidence`",
        );
        continue;
      }
      seen.set(id, pending);
      relations.push({
        id,
        type: pending.type,
        from: from.id,
        to: to.id,
        qualifiers: pending.qualifiers,
        evidence: pending.evidence,
      });
    }
    yield* this.reportCycles(relations, seen);
    const entities = [...this.entities.values()].map((entry) => entry.entity);
    if (this.problems.length === 0) relations.push(...(yield* deriveAttributions(entities, relations)));
    return { sources: [...this.sources.values()], entities, relations };
  }

  /**
   * Report one cycle in each strongly connected component of every acyclic relation type (a component is where
   * the cycles are, so a tangle of many reports once), naming the entities around it and where each link is.
   */
  private *reportCycles(
    relations: readonly Relation[],
    pendingById: Map<string, PendingRelation>,
  ): Steps<void> {
    for (const type of ACYCLIC_RELATION_TYPES) {
      const outgoing = relationsBy(relations, "from", (relation) => relation.type === type);
      yield;
      for (const component of yield* cyclicComponents(outgoing)) {
        const cycle = cycleThrough(component, outgoing);
        const locate = (relation: Relation) => {
          const pending = pendingById.get(relation.id) as PendingRelation;
          return { pending, at: `${pending.file.file}:${pending.file.lineOf(pending.path)}` };
        };
        const names = cycle.map((relation) => relation.from);
        const shown = names.length > 8 ? [...names.slice(0, 8), "..."] : names;
        const last = locate(cycle[cycle.length - 1] as Relation);
        // Line numbers cost a lookup each: only the few shown are looked up.
        const others = cycle.slice(0, Math.min(3, cycle.length - 1)).map((relation) => locate(relation).at);
        this.problem(
          last.pending.file,
          last.pending.path,
          `${type} cycle of ${cycle.length}: ${[...shown, names[0]].join(" → ")}`,
          `${type} must never lead back to where it started: remove or reverse one of its links (the others are at ${others.join(", ")}${cycle.length > 4 ? ", ..." : ""})`,
        );
      }
    }
  }

  /** Report a relation whose endpoints are missing or of kinds its type does not allow. */
  private reportEndpoints(pending: PendingRelation, from: Entity | undefined, to: Entity | undefined): void {
    let dangling = false;
    for (const [end, id, entity] of [
      ["from", pending.from, from],
      ["to", pending.to, to],
    ] as const) {
      if (entity) continue;
      dangling = true;
      let near = this.closestIds.get(id);
      if (near === undefined) {
        near = closestName(id, this.entities.keys());
        this.closestIds.set(id, near);
      }
      this.problem(
        pending.file,
        pending.path,
        `dangling reference: ${pending.type} ${end} "${id}", which no entity defines`,
        near ? `did you mean "${near}"? or define "${id}"` : `define an entity with id "${id}"`,
      );
    }
    if (dangling || !from || !to) return;
    const allowed = RELATION_ENDPOINT_KINDS[pending.type];
    for (const [end, entity, kinds] of [
      ["from", from, allowed?.from],
      ["to", to, allowed?.to],
    ] as const) {
      if (kinds && !kinds.includes(entity.kind)) {
        this.problem(
          pending.file,
          pending.path,
          `${pending.type} cannot go ${end} ${entity.kind} "${entity.id}"`,
          `its ${end} must be one of: ${kinds.join(", ")}`,
        );
      }
    }
  }
}

/**
 * The strongly connected components of more than one node of a directed graph (Tarjan's algorithm, iterative so
 * a long chain cannot overflow the stack): exactly the places where it has cycles, self-loops aside.
 */
function* cyclicComponents(outgoing: ReadonlyMap<string, readonly Relation[]>): Steps<string[][]> {
  const order = new Map<string, number>();
  const low = new Map<string, number>();
  const open = new Set<string>();
  const path: string[] = [];
  const components: string[][] = [];
  let visited = 0;
  for (const root of outgoing.keys()) {
    if (order.has(root)) continue;
    const frames: Array<{ node: string; edges: readonly Relation[]; next: number }> = [];
    const enter = (node: string) => {
      order.set(node, visited);
      low.set(node, visited);
      visited++;
      path.push(node);
      open.add(node);
      frames.push({ node, edges: outgoing.get(node) ?? [], next: 0 });
    };
    enter(root);
    while (frames.length > 0) {
      const frame = frames[frames.length - 1] as (typeof frames)[number];
      const edge = frame.edges[frame.next++];
      if (edge) {
        if (!order.has(edge.to)) enter(edge.to);
        else if (open.has(edge.to))
          low.set(frame.node, Math.min(low.get(frame.node) as number, order.get(edge.to) as number));
        continue;
      }
      frames.pop();
      const parent = frames[frames.length - 1];
      if (parent)
        low.set(parent.node, Math.min(low.get(parent.node) as number, low.get(frame.node) as number));
      if (low.get(frame.node) === order.get(frame.node)) {
        const component: string[] = [];
        let member: string | undefined;
        do {
          member = path.pop() as string;
          open.delete(member);
          component.push(member);
        } while (member !== frame.node);
        if (component.length > 1) components.push(component.reverse());
      }
    }
    if (visited % ITEMS_PER_STEP === 0) yield;
  }
  return components;
}

/** One cycle through the first node of a strongly connected component, as its relations in order (a BFS). */
function cycleThrough(
  component: readonly string[],
  outgoing: ReadonlyMap<string, readonly Relation[]>,
): Relation[] {
  const members = new Set(component);
  const start = component[0] as string;
  const cameBy = new Map<string, Relation>();
  const queue = [start];
  for (let at = 0; at < queue.length; at++) {
    for (const relation of outgoing.get(queue[at] as string) ?? []) {
      if (!members.has(relation.to)) continue;
      if (relation.to === start) {
        const cycle = [relation];
        for (let node = relation.from; node !== start; ) {
          const step = cameBy.get(node) as Relation;
          cycle.unshift(step);
          node = step.from;
        }
        return cycle;
      }
      if (cameBy.has(relation.to)) continue;
      cameBy.set(relation.to, relation);
      queue.push(relation.to);
    }
  }
  return [];
}
