import { Counter, collectDefaultMetrics, Histogram, Registry } from "prom-client";
import type { ChallengeReason } from "../flows/trigger-validate-challenge.ts";
import type { CallCheckReason } from "../flows/validate-challenge-call.ts";
import type { ValidateReason } from "../flows/validate-second-factor.ts";

// Every reason a validate call can be rejected for: the label's values are this fixed list, and
// each is shown from the start (at 0), so the series never appear or vanish with traffic.
const rejectionReasons = [
  "user_not_found",
  "user_blocked",
  "no_method",
  "method_not_found",
  "invalid_code",
  "code_reused",
  "locked_out",
] as const satisfies readonly ValidateReason[];

/**
 * The Prometheus metrics of one server instance (a registry of its own, so tests can run several).
 * They are for operators only: /metrics answers only with the metrics token (routes/metrics.ts).
 * Every label has a small fixed set of values (route patterns, never paths; results and reasons,
 * never users), so no series tells one user from another.
 */
export function createMetrics() {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry, prefix: "varco_" });
  const requestDuration = new Histogram({
    name: "varco_http_request_duration_seconds",
    help: "HTTP request duration by route pattern and status",
    labelNames: ["method", "route", "status"] as const,
    buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1],
    registers: [registry],
  });
  const validateResults = new Counter({
    name: "varco_validate_total",
    help: "Validate API calls by result (accept, reject, or challenge: a code sent by SMS)",
    labelNames: ["result"] as const,
    registers: [registry],
  });
  const validateRejections = new Counter({
    name: "varco_validate_rejections_total",
    help: "Rejected validate API calls by the reason written to the sign-in log",
    labelNames: ["reason"] as const,
    registers: [registry],
  });
  for (const result of ["accept", "reject"]) validateResults.inc({ result }, 0);
  for (const reason of rejectionReasons) validateRejections.inc({ reason }, 0);
  return {
    registry,
    /** One request's duration, under its route pattern (not its path). */
    observeRequest(method: string, route: string, status: number, seconds: number): void {
      requestDuration.observe({ method, route, status }, seconds);
    },
    /** One validate call's outcome: the reason only for rejections. */
    countValidate(
      result: "accept" | "reject" | "challenge",
      reason: ValidateReason | ChallengeReason | CallCheckReason,
    ): void {
      validateResults.inc({ result });
      // A challenge that sent no code is a rejection the caller is not told of.
      const refused =
        result === "reject" || (result === "challenge" && reason !== "challenge_sent");
      if (refused) validateRejections.inc({ reason });
    },
  };
}

export type Metrics = ReturnType<typeof createMetrics>;
