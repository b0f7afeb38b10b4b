/** The JSON schema of every error answer, for the OpenAPI document. */
export const errorSchema = {
  type: "object",
  required: ["error"],
  properties: {
    error: {
      type: "object",
      required: ["code", "message"],
      properties: {
        code: { type: "string", description: "Stable error code (docs/errors.md)" },
        message: { type: "string" },
        detail: { type: "string" },
      },
    },
  },
} as const;
