/** Relay global ids: base64 of `Typename:slug`, decoded strictly so bad ids are a client error, not a crash. */
import { userError } from "../errors.ts";
import type { EntityKind } from "../graph/model.ts";

/** The GraphQL object type that serves each entity kind. */
export const TYPENAME_BY_KIND = {
  PERSON: "Person",
  ORGANIZATION: "Organization",
  COUNTRY: "Country",
  GROUP: "Group",
  POST: "Post",
  DOCUMENT: "Document",
  EVENT: "Event",
  INITIATIVE: "Initiative",
  COMMITMENT: "Commitment",
  PLACE: "Place",
  TOPIC: "Topic",
} as const satisfies Record<EntityKind, string>;

/** Every type name a global id may carry. */
const NODE_TYPENAMES = new Set<string>([...Object.values(TYPENAME_BY_KIND), "Relation"]);

/** Encode a type name and slug as an opaque global id. */
export function encodeId(typename: string, id: string | number | bigint): string {
  return Buffer.from(`${typename}:${id}`, "utf8").toString("base64");
}

/** The entity kind each entity type name serves (the inverse of TYPENAME_BY_KIND). */
export const KIND_BY_TYPENAME = new Map<string, EntityKind>(
  Object.entries(TYPENAME_BY_KIND).map(([kind, typename]) => [typename, kind as EntityKind]),
);

/** Decode a global id, throwing BAD_USER_INPUT (naming `argument`) when it is not one this API issued. */
export function decodeId(globalId: string, argument = "id"): { typename: string; id: string } {
  const decoded = Buffer.from(globalId, "base64").toString("utf8");
  const separator = decoded.indexOf(":");
  const typename = decoded.slice(0, separator);
  const id = decoded.slice(separator + 1);
  if (
    separator <= 0 ||
    !NODE_TYPENAMES.has(typename) ||
    id.length === 0 ||
    encodeId(typename, id) !== globalId
  ) {
    throw userError(
      "BAD_USER_INPUT",
      `\`${argument}\`: "${globalId.slice(0, 100)}" is not a valid global id`,
      {
        argument,
      },
    );
  }
  return { typename, id };
}
