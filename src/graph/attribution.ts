/**
 * Derived attribution: a commitment made by an office-holder in their capacity commits the body of their post,
 * and one made by a group commits its members; each derived MAKES link is marked inferred and carries its chain.
 */
import { ACTOR_KINDS, type Attribution, type Entity, type Evidence, type Relation } from "./model.ts";
import { ITEMS_PER_STEP, type Steps } from "./steps.ts";

/** The qualifiers of a curated MAKES link that had none: shared and frozen. */
const DIRECT_ONLY: Relation["qualifiers"] = Object.freeze({ attribution: "DIRECT" });

/** The relations that pass `keep`, grouped by one of their ends, in their order. */
export function relationsBy(
  relations: readonly Relation[],
  end: "from" | "to",
  keep: (relation: Relation) => boolean,
): Map<string, Relation[]> {
  const grouped = new Map<string, Relation[]>();
  for (const relation of relations) {
    if (!keep(relation)) continue;
    const list = grouped.get(relation[end]);
    if (list) list.push(relation);
    else grouped.set(relation[end], [relation]);
  }
  return grouped;
}

/** One MAKES link on the way to derived ones: who makes what, how, and the quotes that show it. */
interface AttributionStep {
  maker: string;
  commitment: string;
  evidence: Evidence[];
  /** Each step from the named maker to this one, as sentences, for the derived relation's note. */
  chain: string[];
  attribution: Attribution;
  capacity?: string;
}

/** Evidence lists joined, each quote once, in order. */
function joinEvidence(...lists: readonly (readonly Evidence[])[]): Evidence[] {
  const seen = new Set<string>();
  const joined: Evidence[] = [];
  for (const evidence of lists.flat()) {
    const key = `${evidence.sourceId}:${evidence.start}:${evidence.end}`;
    if (seen.has(key)) continue;
    seen.add(key);
    joined.push(evidence);
  }
  return joined;
}

/**
 * The MAKES links that follow from the curated ones, materialized so every store serves them unchanged (see the
 * codebook in seed/README.md): a commitment made by an office-holder commits the body of the post he holds
 * (HOLDS_POST then POST_IN: CAPACITY), and one made by a GROUP commits each of its members (MEMBER_OF:
 * MEMBERSHIP), transitively. Claims commit no one but their author. Each derived link is `inferred`, names the
 * actor it comes through and carries every quote of its chain; a link already curated is never duplicated. Curated
 * MAKES links are marked DIRECT, and those of an office-holder gain `capacity` and `onBehalfOf` qualifiers.
 */
export function* deriveAttributions(entities: readonly Entity[], relations: Relation[]): Steps<Relation[]> {
  const byId = new Map(entities.map((entity) => [entity.id, entity]));
  const postsOf = relationsBy(relations, "from", (relation) => relation.type === "HOLDS_POST");
  const bodiesOf = relationsBy(relations, "from", (relation) => relation.type === "POST_IN");
  const membersOf = relationsBy(
    relations,
    "to",
    (relation) => relation.type === "MEMBER_OF" && byId.get(relation.to)?.kind === "GROUP",
  );
  const name = (id: string) => byId.get(id)?.name ?? id;
  const made = new Set<string>();
  const queue: AttributionStep[] = [];
  for (const relation of relations) {
    if (relation.type !== "MAKES") continue;
    made.add(relation.id);
    // Most curated links have no qualifiers: they share one object (a spread would give each a hidden class).
    relation.qualifiers =
      Object.keys(relation.qualifiers).length === 0
        ? DIRECT_ONLY
        : { ...relation.qualifiers, attribution: "DIRECT" };
    const commitment = byId.get(relation.to);
    if (commitment?.kind !== "COMMITMENT" || commitment.commitmentKind === "CLAIM") continue;
    queue.push({
      maker: relation.from,
      commitment: relation.to,
      evidence: relation.evidence,
      chain: [`${name(relation.from)} makes it (MAKES)`],
      attribution: "DIRECT",
    });
    // The curated link says in what capacity its maker spoke, when the maker holds exactly one post of a body.
    const capacities = (postsOf.get(relation.from) ?? []).flatMap((holds) =>
      (bodiesOf.get(holds.to) ?? []).map((postIn) => ({ post: holds.to, body: postIn.to })),
    );
    const [only, second] = capacities;
    if (only && !second) {
      relation.qualifiers = { ...relation.qualifiers, capacity: only.post, onBehalfOf: only.body };
    }
  }
  const derived: Relation[] = [];
  for (let at = 0; at < queue.length; at++) {
    if (at % ITEMS_PER_STEP === 0) yield;
    const step = queue[at] as AttributionStep;
    const next: AttributionStep[] = [];
    for (const holds of postsOf.get(step.maker) ?? []) {
      for (const postIn of bodiesOf.get(holds.to) ?? []) {
        next.push({
          maker: postIn.to,
          commitment: step.commitment,
          evidence: joinEvidence(step.evidence, holds.evidence, postIn.evidence),
          chain: [
            ...step.chain,
            `${name(step.maker)} holds the post ${name(holds.to)} (HOLDS_POST)`,
            `${name(holds.to)} is a post of ${name(postIn.to)} (POST_IN)`,
          ],
          attribution: step.attribution === "MEMBERSHIP" ? "MEMBERSHIP" : "CAPACITY",
          capacity: holds.to,
        });
      }
    }
    for (const member of membersOf.get(step.maker) ?? []) {
      next.push({
        maker: member.from,
        commitment: step.commitment,
        evidence: joinEvidence(step.evidence, member.evidence),
        chain: [...step.chain, `${name(member.from)} is a member of ${name(step.maker)} (MEMBER_OF)`],
        attribution: "MEMBERSHIP",
      });
    }
    for (const candidate of next) {
      const maker = byId.get(candidate.maker);
      if (!maker || !ACTOR_KINDS.includes(maker.kind)) continue;
      const id = [candidate.maker, "MAKES", candidate.commitment].join("~");
      if (made.has(id)) continue;
      made.add(id);
      derived.push({
        id,
        type: "MAKES",
        from: candidate.maker,
        to: candidate.commitment,
        qualifiers: {
          inferred: true,
          attribution: candidate.attribution,
          through: step.maker,
          ...(candidate.capacity ? { capacity: candidate.capacity } : {}),
          note: `Derived (${candidate.attribution}): ${candidate.chain.join("; ")}.`,
        },
        evidence: candidate.evidence,
      });
      queue.push(candidate);
    }
  }
  return derived;
}
