import type { Tenant } from "../../../src/directory/types.ts";
import { changeTenantPolicy } from "../../../src/policy/update-tenant-policy.ts";
import type { SignInMachine } from "../../../src/sign-in/sign-in-machine.ts";
import type { Group } from "../../../src/store/queries/groups.ts";
import { findTenantById } from "../../../src/store/queries/tenants.ts";
import { type TestApp, testActor } from "../../support/test-app.ts";
import { aside } from "./admin-events.ts";
import { Model } from "./model.ts";
import { ModelRun } from "./model-run.ts";
import type { Scenario } from "./scenario.ts";
import { setUpUser } from "./setup-user.ts";
import * as events from "./sign-in-events.ts";

const trustedRange = "2001:db8:1::/48";

/**
 * Runs one scenario against the sign-in machine and the reference model side by side: after each
 * event the machine's step, the sign-in log line and any session must be what the model says,
 * and no session may start unless every gate the policy demands was passed. Throws at the first
 * difference, with the events so far.
 */
export async function runScenario(
  t: TestApp,
  machine: SignInMachine,
  group: Group,
  scenario: Scenario,
  run: number,
): Promise<void> {
  const { policy } = scenario;
  t.clock.advance(60 * 60_000);
  await changeTenantPolicy(t.ctx, testActor, t.tenant, {
    mfaRequiredFor: policy.mfaRequiredFor,
    mfaGroupId: policy.mfaRequiredFor === "group" ? group.id : null,
    requiredMethodCount: policy.requiredMethodCount,
    trustedIpRanges: policy.trustedRanges ? [trustedRange] : [],
    rememberDeviceDays: policy.rememberDeviceDays,
    highRiskAction: policy.highRiskAction,
    reportSuspiciousActivity: policy.reportSuspiciousActivity,
    lockoutThreshold: policy.lockoutThreshold,
    phishingResistantGroupIds: policy.phishingResistantForGroup ? [group.id] : [],
    lockoutResetMinutes: 10,
    lockoutMinutes: 15,
  });
  const tenant = (await findTenantById(t.ctx.store.db, t.tenant.id)) as Tenant;
  const upn = `model-${run}-${Math.random().toString(36).slice(2, 8)}@example.it`;
  const made = await setUpUser(t, tenant, group, upn, scenario.user, policy.lockoutThreshold);
  const model = new Model(policy, scenario.user, t.clock.now());
  model.methods = made.methods.map((m) => ({
    id: m.id,
    active: true,
    counts: scenario.user.reregistration === "none",
    lastStep: m.lastStep,
  }));
  model.oathEntries = made.methods.length;
  model.backupCodes = [...made.backupCodes];
  model.pass = made.pass && { ...made.pass, used: false };
  if (scenario.user.lockedOut)
    model.lockout = { value: policy.lockoutThreshold, expiresAt: t.clock.now() + 15 * 60_000 };
  const state = new ModelRun({
    t,
    machine,
    scenario,
    run,
    model,
    tenant,
    user: made.user,
    secrets: new Map(made.methods.map((m) => [m.id, m.secret])),
    pass: made.pass?.text,
  });

  for (const event of scenario.events) {
    t.clock.advance(31_000);
    model.now = t.clock.now();
    const what = JSON.stringify(event);
    switch (event.type) {
      case "password":
        await events.password(state, event, what);
        break;
      case "passwordBurst":
        for (let i = 0; i < 10; i++)
          await events.password(
            state,
            { right: false, withDevice: false, trusted: false },
            "wrong password",
          );
        break;
      case "pass":
        await events.pass(state, event, what);
        break;
      case "code":
      case "backupCode":
        await events.secondFactor(state, event, what);
        break;
      case "register":
        await events.register(state, event, what);
        break;
      case "changePassword":
        await events.changePassword(state, event, what);
        break;
      case "report":
        await events.report(state, event, what);
        break;
      default:
        await aside(state, event, what);
    }
  }
}
