/** The JSON schema of every error answer (src/http/contracts/error-body.ts). */
export { ErrorBody as errorSchema } from "./contracts/error-body.ts";
