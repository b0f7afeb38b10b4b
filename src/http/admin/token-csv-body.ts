import { Readable } from "node:stream";
import type { FastifySchemaCompiler } from "fastify";
import { Type } from "typebox";
import type { ContractApp } from "../contracts/contract-app.ts";

/**
 * The body of a token upload: on the wire, CSV (`Content-Type: text/csv`) with seed 001's header;
 * to the handler, the bytes as they stream in, since a file of many thousand tokens is read row by
 * row and never held whole. The importer checks each row.
 */
export const TokenCsv = Type.Unsafe<AsyncIterable<Uint8Array>>(
  Type.String({
    description:
      "CSV with the header `upn,serial number,secret key,time interval,manufacturer,model`; " +
      "Base32 keys, 30 or 60 seconds, upn empty for a token not yet assigned",
  }),
);

// The contract of a stream is that it is one: the CSV parser below gave it, so the body was sent
// as text/csv.
const isCsvStream: FastifySchemaCompiler<unknown> = ({ httpPart }) => {
  if (httpPart !== "body") throw new Error("a CSV upload route checks its body only");
  return (body: unknown) =>
    body instanceof Readable
      ? { value: body }
      : { error: new Error("send the tokens as Content-Type: text/csv") };
};

/** Route options of a CSV upload: the body is checked for being the CSV stream. */
export const csvUpload = { validatorCompiler: isCsvStream };

/** `text/csv` bodies reach the handler as a stream. */
export function acceptCsvBodies(app: ContractApp): void {
  app.addContentTypeParser("text/csv", (_request, payload, done) => done(null, payload));
}
