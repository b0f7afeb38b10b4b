import { jsonClient } from "./json-client.ts";
import { runConcurrently } from "./timing.ts";
import { type BenchUser, currentCodes } from "./validate-fixture.ts";

export type TwoInstanceFigures = {
  readonly requests: number;
  readonly accepted: number;
  /** Codes accepted more than once (must be 0: invariant 1). */
  readonly acceptedTwice: number;
  /** Answers that were neither accept nor reject, and requests that failed (must be 0). */
  readonly errors: number;
  readonly firstError: string | undefined;
};

/**
 * Two Varco instances on one database, each code sent to both, one right after the other, while
 * `concurrency` requests are in flight: request 2k goes to the first instance and 2k + 1 to the
 * second, for the same user and code. Not a measure of scale-out (two cores cannot show it), a
 * proof under load that a code is accepted at most once and that no request fails.
 */
export async function validateOnTwoInstances(options: {
  ports: readonly [number, number];
  apiKey: string;
  users: readonly BenchUser[];
  concurrency: number;
  ms: number;
}): Promise<TwoInstanceFigures> {
  const clients = options.ports.map((port) =>
    jsonClient(`http://127.0.0.1:${port}`, options.concurrency),
  );
  const codeOf = currentCodes(options.users);
  const acceptedCodes = new Set<string>();
  let accepted = 0;
  let acceptedTwice = 0;
  let errors = 0;
  let firstError: string | undefined;
  const authorization = `Bearer ${options.apiKey}`;
  const validate = async (n: number): Promise<boolean> => {
    const index = Math.floor(n / 2) % options.users.length;
    const user = options.users[index] as BenchUser;
    const code = codeOf(index);
    try {
      const answer = await (clients[n % 2] as (typeof clients)[number]).post(
        "/api/v1/validate",
        { upn: user.upn, code },
        undefined,
        authorization,
      );
      const result = (answer.body as { result?: unknown }).result;
      if (result === "accept") {
        accepted++;
        const key = `${index}:${code}`;
        if (acceptedCodes.has(key)) acceptedTwice++;
        acceptedCodes.add(key);
        return true;
      }
      if (result !== "reject") {
        errors++;
        firstError ??= JSON.stringify(answer.body).slice(0, 200);
      }
    } catch (error) {
      errors++;
      firstError ??= (error as Error).message;
    }
    return false;
  };
  const run = await runConcurrently(validate, { concurrency: options.concurrency, ms: options.ms });
  for (const client of clients) client.close();
  return { requests: run.done, accepted, acceptedTwice, errors, firstError };
}
