import type { TypeBoxTypeProvider } from "@fastify/type-provider-typebox";
import type {
  FastifyBaseLogger,
  FastifyInstance,
  RawReplyDefaultExpression,
  RawRequestDefaultExpression,
  RawServerDefault,
} from "fastify";

/**
 * A Fastify instance whose routes take their types from their contract: each route's `schema`
 * (TypeBox) gives the types of params, querystring and body, and of what the handler may answer.
 */
export type ContractApp = FastifyInstance<
  RawServerDefault,
  RawRequestDefaultExpression,
  RawReplyDefaultExpression,
  FastifyBaseLogger,
  TypeBoxTypeProvider
>;

/** The same instance, typed by its routes' contracts. */
export function contractApp(app: FastifyInstance): ContractApp {
  return app.withTypeProvider<TypeBoxTypeProvider>();
}
