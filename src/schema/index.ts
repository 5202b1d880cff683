/** Assembles the GraphQL schema: imports every type file (for its side effects), then builds. */
import { builder } from "./builder.ts";
import "./enums.ts";
import "./evidence.ts";
import "./connections.ts";
import "./entity.ts";
import "./relation.ts";
import "./actor.ts";
import "./person.ts";
import "./organization.ts";
import "./country.ts";
import "./group.ts";
import "./post.ts";
import "./document.ts";
import "./event.ts";
import "./initiative.ts";
import "./commitment.ts";
import "./place.ts";
import "./topic.ts";
import "./scalars.ts";
import "./passage.ts";
import "./facets.ts";
import "./timeline.ts";
import "./search.ts";
import "./traversal.ts";

export const schema = builder.toSchema();
