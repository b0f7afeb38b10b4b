import { Type } from "typebox";
import type { ContractApp } from "../contracts/contract-app.ts";
import { errorResponses } from "../contracts/error-body.ts";

const OpenApiDocument = Type.Object(
  {
    openapi: Type.String({ description: "3.1.0" }),
    info: Type.Object(
      { title: Type.String(), version: Type.String() },
      { additionalProperties: true },
    ),
    paths: Type.Record(Type.String(), Type.Unknown()),
  },
  { additionalProperties: true, description: "The OpenAPI 3.1 document of the API" },
);

export function registerOpenApiRoute(app: ContractApp): void {
  app.get(
    "/api/v1/openapi.json",
    {
      schema: {
        summary: "This document",
        tags: ["operations"],
        response: { 200: OpenApiDocument, ...errorResponses() },
      },
    },
    async () => {
      const document = app.swagger();
      if (!("openapi" in document)) throw new Error("the document is not OpenAPI 3");
      return { ...document, paths: document.paths ?? {} };
    },
  );
}
