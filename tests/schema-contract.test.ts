import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import {
  type GraphQLArgument,
  type GraphQLField,
  type GraphQLInputField,
  isEnumType,
  isInputObjectType,
  isInterfaceType,
  isObjectType,
  validateSchema,
} from "graphql";
import { describe, expect, it } from "vitest";
import { schema } from "../src/schema/index.ts";
import { printSortedSchema } from "../src/schema/print.ts";

describe("schema contract", () => {
  it("is a valid GraphQL schema", () => {
    expect(validateSchema(schema).map((e) => e.message)).toEqual([]);
  });

  it("schema.graphql is in sync with the code (run npm run schema)", () => {
    const committed = readFileSync(fileURLToPath(new URL("../schema.graphql", import.meta.url)), "utf8");
    expect(
      committed === printSortedSchema(),
      "schema.graphql is stale: run npm run schema and commit it",
    ).toBe(true);
  });

  it("documents every type, field, argument and enum value", () => {
    const missing: string[] = [];
    const check = (where: string, described: { description?: string | null | undefined }) => {
      if (!described.description?.trim()) missing.push(where);
    };
    for (const type of Object.values(schema.getTypeMap())) {
      if (type.name.startsWith("__") || ["String", "Int", "Float", "Boolean", "ID"].includes(type.name))
        continue;
      check(type.name, type);
      if (isObjectType(type) || isInterfaceType(type) || isInputObjectType(type)) {
        for (const field of Object.values(type.getFields()) as (
          | GraphQLField<unknown, unknown>
          | GraphQLInputField
        )[]) {
          check(`${type.name}.${field.name}`, field);
          for (const arg of ("args" in field ? field.args : []) as GraphQLArgument[]) {
            check(`${type.name}.${field.name}(${arg.name})`, arg);
          }
        }
      }
      if (isEnumType(type)) for (const value of type.getValues()) check(`${type.name}.${value.name}`, value);
    }
    expect(missing).toEqual([]);
  });

  it("keeps the public names the API promises", () => {
    const query = schema.getQueryType()?.getFields() ?? {};
    expect(Object.keys(query)).toEqual(
      expect.arrayContaining([
        "node",
        "nodes",
        "entity",
        "entities",
        "commitments",
        "documents",
        "events",
        "initiatives",
        "actors",
      ]),
    );
    const entity = schema.getType("Entity");
    expect(isInterfaceType(entity) && entity.getInterfaces().map((i) => i.name)).toEqual(["Node"]);
    const actor = schema.getType("Actor");
    expect(
      isInterfaceType(actor) &&
        actor
          .getInterfaces()
          .map((i) => i.name)
          .sort(),
    ).toEqual(["Entity", "Node"]);
    const evidence = schema.getType("Evidence");
    expect(isObjectType(evidence) && Object.keys(evidence.getFields()).sort()).toEqual(
      expect.arrayContaining(["quote", "start", "end", "document", "section", "sentence"]),
    );
    const direction = schema.getType("Direction");
    expect(
      isEnumType(direction) &&
        direction
          .getValues()
          .map((v) => v.name)
          .sort(),
    ).toEqual(["BOTH", "INCOMING", "OUTGOING"]);
  });
});
