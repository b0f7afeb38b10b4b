import { createApiKey } from "../src/api-keys/create-api-key.ts";
import { openApp } from "../src/app/open-app.ts";
import { loadConfig } from "../src/config/load-config.ts";
import type { Actor } from "../src/context.ts";
import { createUser } from "../src/directory/create-user.ts";
import { findTenant } from "../src/directory/find-tenant.ts";
import { activateSoftwareOath } from "../src/methods/software-oath/activate.ts";
import { enrolSoftwareOath } from "../src/methods/software-oath/enrol.ts";
import { decodeBase32 } from "../src/otp/base32.ts";
import { generateTotp } from "../src/otp/totp.ts";

/** A user of the benchmark and the seed of their authenticator app. */
export type BenchUser = { readonly upn: string; readonly key: Buffer };

export type ValidateFixture = { readonly apiKey: string; readonly users: readonly BenchUser[] };

const actor: Actor = { type: "cli", id: null, name: "bench" };
const parameters = { algorithm: "SHA1", digits: 6, period: 30 } as const;

/**
 * Fills the data folder the way an operator would with the CLI (`varco user create`,
 * `method add-totp`, `method activate`, `apikey create`), but in-process: a thousand CLI runs
 * would take minutes. The app runs 30 s in the past, so each activation spends the previous
 * time step and the first code a user sends during the benchmark is accepted.
 */
export async function prepareValidateFixture(
  env: Record<string, string>,
  userCount: number,
): Promise<ValidateFixture> {
  const past = () => Date.now() - parameters.period * 1000;
  const app = await openApp(loadConfig(env), { now: past });
  try {
    const tenant = await findTenant(app.ctx);
    const users: BenchUser[] = [];
    for (let index = 0; index < userCount; index++) {
      const upn = `user${index}@bench.example`;
      const user = await createUser(app.ctx, actor, tenant, { upn });
      const enrolment = await enrolSoftwareOath(app.ctx, actor, tenant, user, { parameters });
      const key = decodeBase32(enrolment.secret);
      const code = generateTotp(key, { timeMs: past(), ...parameters });
      await activateSoftwareOath(app.ctx, actor, tenant, user, {
        methodId: enrolment.method.id,
        code,
      });
      users.push({ upn, key });
    }
    const { key } = await createApiKey(app.ctx, actor, tenant, { name: "bench" });
    return { apiKey: key, users };
  } finally {
    await app.close();
  }
}

/** The user's code for now, computed once per time step and user. */
export function currentCodes(users: readonly BenchUser[]): (index: number) => string {
  const codes = new Array<string>(users.length).fill("");
  const steps = new Array<number>(users.length).fill(-1);
  return (index) => {
    const timeMs = Date.now();
    const step = Math.floor(timeMs / (parameters.period * 1000));
    if (steps[index] !== step) {
      codes[index] = generateTotp((users[index] as BenchUser).key, { timeMs, ...parameters });
      steps[index] = step;
    }
    return codes[index] as string;
  };
}
