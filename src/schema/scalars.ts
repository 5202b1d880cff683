/** Custom scalars. */
import { Kind } from "graphql";
import { userError } from "../errors.ts";
import { builder } from "./builder.ts";

const PARTIAL_DATE = /^\d{4}(-(0[1-9]|1[0-2])(-(0[1-9]|[12]\d|3[01]))?)?$/;

/** Accept a partial ISO date, or reject it with BAD_USER_INPUT naming the expected forms. */
function parseDate(value: unknown): string {
  if (typeof value === "string" && PARTIAL_DATE.test(value)) return value;
  throw userError("BAD_USER_INPUT", `invalid Date ${JSON.stringify(value)}: use YYYY, YYYY-MM or YYYY-MM-DD`);
}

export const DateScalar = builder.scalarType("Date", {
  description: "A date as exact as known: YYYY, YYYY-MM or YYYY-MM-DD (e.g. 2021 means the whole year).",
  specifiedByURL: "https://www.iso.org/iso-8601-date-and-time-format.html",
  serialize: (value) => value,
  parseValue: parseDate,
  parseLiteral: (ast) => parseDate(ast.kind === Kind.STRING ? ast.value : undefined),
});
