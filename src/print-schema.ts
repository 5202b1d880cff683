/** `npm run schema`: write schema.graphql, the sorted printed schema, at the repository root. */
import { writeFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { printSortedSchema } from "./schema/print.ts";

const target = fileURLToPath(new URL("../schema.graphql", import.meta.url));
writeFileSync(target, printSortedSchema());
console.log(`wrote ${target}`);
