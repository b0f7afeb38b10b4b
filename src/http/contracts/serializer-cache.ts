import fastJsonStringify from "fast-json-stringify";
import type { FastifySerializerCompiler } from "fastify";

// Serializers by schema object, for the whole process: a shape many routes share (the error body
// of each status) is compiled once, not once per route and server.
const compiled = new WeakMap<object, (value: unknown) => string>();

export const cachedSerializerCompiler: FastifySerializerCompiler<unknown> = ({ schema }) => {
  if (typeof schema !== "object" || schema === null) return fastJsonStringify({});
  let serialize = compiled.get(schema);
  if (!serialize) {
    serialize = fastJsonStringify(schema);
    compiled.set(schema, serialize);
  }
  return serialize;
};
