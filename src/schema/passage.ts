/** The Passage type: one sentence of a held document with the facts that cite it; and Document.passages. */
import type { Passage } from "../graph/store.ts";
import { builder } from "./builder.ts";
import { listSize, sizes } from "./cost.ts";
import { paginate } from "./pagination.ts";
import { DocumentRef, EntityRef, RelationRef } from "./refs.ts";
import { withoutMissing } from "./related.ts";

/** A passage together with the source it belongs to, so its text and section title can be read. */
interface PassageInSource {
  passage: Passage;
  text: string;
  sectionTitle: string | null;
}

export const PassageRef = builder.objectRef<PassageInSource>("Passage").implement({
  description: "One sentence of a held document, with the entities and relations whose evidence quotes it.",
  fields: (t) => ({
    index: t.int({
      description: "Position of the sentence in the document, from 0.",
      resolve: (p) => p.passage.index,
    }),
    start: t.int({
      description: "Offset of its first character in the document text.",
      resolve: (p) => p.passage.start,
    }),
    end: t.int({
      description: "Offset just past its last character (exclusive).",
      resolve: (p) => p.passage.end,
    }),
    text: t.string({
      description: "The sentence, verbatim.",
      resolve: (p) => p.text.slice(p.passage.start, p.passage.end),
    }),
    sectionLabel: t.string({
      nullable: true,
      description: 'Label of its section, such as "I"; null before the first heading.',
      resolve: (p) => p.passage.section,
    }),
    section: t.string({
      nullable: true,
      description: "Heading of its section; null before the first heading.",
      resolve: (p) => p.sectionTitle,
    }),
    entities: t.field({
      type: [EntityRef],
      description: "Entities whose evidence quotes this sentence.",
      extensions: listSize(sizes.largest("passageEntities")),
      resolve: async (p, _args, context) =>
        withoutMissing(await context.loaders.entities.loadMany(p.passage.entityIds)),
    }),
    relations: t.field({
      type: [RelationRef],
      description: "Relations whose evidence quotes this sentence.",
      extensions: listSize(sizes.largest("passageRelations")),
      resolve: async (p, _args, context) =>
        withoutMissing(await context.loaders.relations.loadMany(p.passage.relationIds)),
    }),
  }),
});

export const PassageConnection = builder.connectionObject({
  type: PassageRef,
  name: "PassageConnection",
  description: "A page of sentences of a document.",
});

builder.objectField(DocumentRef, "passages", (t) =>
  t.connection(
    {
      type: PassageRef,
      description:
        "The sentences of a held document in order, each with the facts that cite it; empty otherwise.",
      resolve: async (document, args, context) => {
        if (!document.sourceId) return paginate(args, []);
        const source = await context.loaders.sources.load(document.sourceId);
        const titles = new Map(source.sections.map((s) => [s.label, s.title]));
        return paginate(
          args,
          source.passages.map((passage) => ({
            passage,
            text: source.text,
            sectionTitle: passage.section ? (titles.get(passage.section) ?? null) : null,
          })),
        );
      },
    },
    PassageConnection,
  ),
);
