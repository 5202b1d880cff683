/** The Group type: a collective actor. */
import { ActorRef, EntityRef, GroupRef, isKind } from "./refs.ts";

GroupRef.implement({
  description: 'A collective actor the sources name as one, such as "leaders of SCO members".',
  interfaces: [EntityRef, ActorRef],
  isTypeOf: isKind("GROUP"),
});
