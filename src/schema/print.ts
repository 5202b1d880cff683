/** The schema as committed in schema.graphql: printed, lexicographically sorted, newline-terminated. */
import { lexicographicSortSchema, printSchema } from "graphql";
import { schema } from "./index.ts";

/** Print the schema the way `npm run schema` writes it. */
export function printSortedSchema(): string {
  return `${printSchema(lexicographicSortSchema(schema))}\n`;
}
