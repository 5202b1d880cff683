/**
 * Frontend tooling accepts the API as a frontend team would use it: graphql-codegen (client preset) and
 * relay-compiler 21 compile a realistic operation set against schema.graphql — the explorer's own operations plus
 * pages built on the typed lookups (`actor(slug:)`, `commitment(slug:)`, `initiative(slug:)`, `document(slug:)`),
 * spreading fragments on the concrete types with no `@alias` workaround. Each tool runs in a scratch project.
 */
import { execFile } from "node:child_process";
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { parse, validate } from "graphql";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DEFINITIONS } from "../explorer/src/operations.ts";
import { schema } from "../src/schema/index.ts";

const run = promisify(execFile);
const ROOT = fileURLToPath(new URL("../", import.meta.url));
const BIN = join(ROOT, "node_modules", ".bin");

/**
 * Pages a client would build on the typed lookups: each spreads a fragment on the concrete type the lookup returns
 * (Relay 21 would demand `@alias` for such a spread under `entity(slug:)`, which returns the Entity interface).
 */
const LOOKUP_DEFINITIONS: Record<string, string> = {
  CommitmentCard: `fragment CommitmentCard on Commitment {
  id
  name
  statement
  commitmentKind
  timeframe {
    start
    end
  }
  evidence {
    quote
    sentence
  }
}`,
  ActorHeader: `fragment ActorHeader on Actor {
  id
  name
  kind
  description
}`,
  ActorPageQuery: `query ActorPageQuery($slug: String!) {
  actor(slug: $slug) {
    ...ActorHeader
    commitments(first: 10) {
      totalCount
      nodes {
        ...CommitmentCard
      }
    }
    ... on Person {
      posts {
        nodes {
          name
        }
      }
    }
  }
}`,
  CommitmentPageQuery: `query CommitmentPageQuery($slug: String!) {
  commitment(slug: $slug) {
    ...CommitmentCard
    committedBy(first: 5) {
      nodes {
        ...ActorHeader
      }
    }
    initiative {
      name
    }
  }
}`,
  InitiativePageQuery: `query InitiativePageQuery($slug: String!) {
  initiative(slug: $slug) {
    name
    proposedBy(first: 5) {
      nodes {
        ...ActorHeader
      }
    }
    commitments(first: 25) {
      nodes {
        ...CommitmentCard
      }
    }
  }
}`,
  DocumentPageQuery: `query DocumentPageQuery($slug: String!) {
  document(slug: $slug) {
    title
    documentType
    date {
      start
      end
      precision
    }
    authors(first: 5) {
      nodes {
        ...ActorHeader
      }
    }
    sections {
      label
      title
      start
      end
    }
  }
}`,
};

/** Every definition the tools compile, by name. */
const ALL_DEFINITIONS: Record<string, string> = { ...DEFINITIONS, ...LOOKUP_DEFINITIONS };

let scratch: string;

beforeAll(() => {
  scratch = mkdtempSync(join(tmpdir(), "frontend-tooling-"));
});
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

/** A scratch project with the schema and the repository's node_modules (the tools resolve plugins from there). */
function project(name: string): string {
  const directory = join(scratch, name);
  mkdirSync(directory, { recursive: true });
  writeFileSync(join(directory, "schema.graphql"), readFileSync(join(ROOT, "schema.graphql")));
  if (!existsSync(join(directory, "node_modules"))) {
    symlinkSync(join(ROOT, "node_modules"), join(directory, "node_modules"), "dir");
  }
  return directory;
}

describe("the operation set", () => {
  it("is valid against the schema, as one document", () => {
    const document = parse(Object.values(ALL_DEFINITIONS).join("\n\n"));
    expect(validate(schema, document).map((error) => error.message)).toEqual([]);
  });
});

describe("graphql-codegen (client preset)", () => {
  it("generates typed operations whose result types name the selected fields", async () => {
    const directory = project("codegen");
    mkdirSync(join(directory, "operations"));
    for (const [name, text] of Object.entries(ALL_DEFINITIONS)) {
      writeFileSync(join(directory, "operations", `${name}.graphql`), `${text}\n`);
    }
    writeFileSync(
      join(directory, "codegen.json"),
      JSON.stringify({
        schema: "schema.graphql",
        documents: ["operations/*.graphql"],
        silent: true,
        generates: {
          "gql/": {
            preset: "client",
            config: { strictScalars: true, scalars: { Date: "string" } },
          },
        },
      }),
    );
    await run(join(BIN, "graphql-codegen"), ["--config", "codegen.json"], {
      cwd: directory,
      timeout: 120_000,
    });
    const generated = readFileSync(join(directory, "gql", "graphql.ts"), "utf8");
    // Types are named after the operation plus its type (CommitmentPageQuery → CommitmentPageQueryQuery). The
    // lookups' spreads resolve on their concrete types: the card's fields, masked behind its fragment ref.
    expect(generated).toMatch(
      /export type CommitmentCardFragment = \{ id: string, name: string, statement: string,/,
    );
    expect(generated).toMatch(
      /export type CommitmentPageQueryQuery = \{ commitment: \([\s\S]{0,800}'CommitmentCardFragment'/,
    );
    expect(generated).toMatch(
      /export type ExplorerCommitmentsQueryQueryVariables = Exact<\{\s*filter\?: CommitmentFilter \| null/,
    );
    expect(generated).toMatch(/export type ExplorerDetailsQueryQuery = \{ node:/);
  }, 180_000);
});

/** Write a Relay project with these definitions (one module each) and run relay-compiler; its output and exit. */
async function relayCompile(
  name: string,
  definitions: Record<string, string>,
): Promise<{ ok: boolean; output: string; directory: string }> {
  const directory = project(name);
  mkdirSync(join(directory, "src"), { recursive: true });
  // Relay reads graphql`…` tagged templates and requires each definition's name to start with its module's.
  for (const [definition, text] of Object.entries(definitions)) {
    writeFileSync(
      join(directory, "src", `${definition}.ts`),
      `import { graphql } from "relay-runtime";\n\nexport const ${definition} = graphql\`\n${text}\n\`;\n`,
    );
  }
  writeFileSync(
    join(directory, "relay.config.json"),
    JSON.stringify({
      src: "./src",
      schema: "./schema.graphql",
      language: "typescript",
      customScalarTypes: { Date: "string" },
      eagerEsModules: true,
    }),
  );
  try {
    const { stdout, stderr } = await run(join(BIN, "relay-compiler"), [], {
      cwd: directory,
      timeout: 120_000,
    });
    return { ok: true, output: `${stdout}${stderr}`, directory };
  } catch (error) {
    const failed = error as { stdout?: string; stderr?: string };
    return { ok: false, output: `${failed.stdout ?? ""}${failed.stderr ?? ""}`, directory };
  }
}

describe("relay-compiler 21", () => {
  it("compiles the operations (one module per definition) with no @alias, emitting TypeScript types", async () => {
    const { ok, output, directory } = await relayCompile("relay", ALL_DEFINITIONS);
    // A spread Relay cannot prove matches fails the compile with "Expected `@alias` directive".
    expect(output).not.toMatch(/@alias|ERROR/);
    expect(ok).toBe(true);
    const artifact = readFileSync(
      join(directory, "src", "__generated__", "CommitmentPageQuery.graphql.ts"),
      "utf8",
    );
    expect(artifact).toContain("export type CommitmentPageQuery$data = {");
    expect(artifact).toContain('readonly " $fragmentSpreads": FragmentRefs<"CommitmentCard">');
    const card = readFileSync(join(directory, "src", "__generated__", "CommitmentCard.graphql.ts"), "utf8");
    expect(card).toMatch(/readonly statement: string;/);
    const details = readFileSync(
      join(directory, "src", "__generated__", "ExplorerDetailsQuery.graphql.ts"),
      "utf8",
    );
    expect(details).toContain("export type ExplorerDetailsQuery$variables = {");
  }, 180_000);

  it("still asks for @alias where a concrete fragment is spread under the Entity interface (the friction lookups remove)", async () => {
    const { ok, output } = await relayCompile("relay-interface", {
      CommitmentCard: LOOKUP_DEFINITIONS.CommitmentCard ?? "",
      CommitmentByEntityQuery: `query CommitmentByEntityQuery($slug: String!) {
  entity(slug: $slug) {
    ...CommitmentCard
  }
}`,
    });
    expect(ok).toBe(false);
    expect(output).toContain("Expected `@alias` directive");
  }, 180_000);
});
