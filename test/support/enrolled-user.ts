import { createUser } from "../../src/directory/create-user.ts";
import type { User } from "../../src/directory/types.ts";
import { activateSoftwareOath } from "../../src/methods/software-oath/activate.ts";
import { enrolSoftwareOath } from "../../src/methods/software-oath/enrol.ts";
import type { OathParameters } from "../../src/methods/types.ts";
import { oathtoolTotp } from "./oathtool.ts";
import { type TestApp, testActor } from "./test-app.ts";

export type EnrolledUser = {
  user: User;
  methodId: string;
  secret: string;
  parameters: OathParameters;
};

/** A user with one active authenticator app, activated with a code from oathtool. */
export async function createEnrolledUser(
  t: TestApp,
  upn: string,
  parameters: OathParameters = { algorithm: "SHA1", digits: 6, period: 30 },
): Promise<EnrolledUser> {
  const user = await createUser(t.ctx, testActor, t.tenant, { upn });
  const enrolment = await enrolSoftwareOath(t.ctx, testActor, t.tenant, user, { parameters });
  const code = await oathtoolTotp(enrolment.secret, { timeMs: t.clock.now(), ...parameters });
  await activateSoftwareOath(t.ctx, testActor, t.tenant, user, {
    methodId: enrolment.method.id,
    code,
  });
  // The activation spent the current step: the tests' sign-ins start one step later.
  t.clock.advance(parameters.period * 1000);
  return { user, methodId: enrolment.method.id, secret: enrolment.secret, parameters };
}
