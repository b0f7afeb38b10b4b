import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import fc from "fast-check";
import { createGroup } from "../../src/directory/create-group.ts";
import type { Gate } from "../../src/sign-in/machine/gate.ts";
import { passwordChange } from "../../src/sign-in/machine/gates/password-change.ts";
import { signInGates } from "../../src/sign-in/machine/gates.ts";
import { createSignInMachine } from "../../src/sign-in/sign-in-machine.ts";
import type { Group } from "../../src/store/queries/groups.ts";
import { openTestApp, type TestApp, testActor } from "../support/test-app.ts";
import { runScenario } from "./model/harness.ts";
import { scenarios } from "./model/scenario.ts";

// The model-based test is worth its runs only if it notices a missing rule. Each gate
// is taken out of the machine in turn; the same random runs must then find a difference.
describe("every gate of the sign-in matters: without it the model test fails", () => {
  let t: TestApp;
  let group: Group;
  let run = 0;
  before(async () => {
    t = await openTestApp("sqlite");
    group = await createGroup(t.ctx, testActor, t.tenant, "model");
  });
  after(() => t.close());

  const noticed = async (gates: readonly Gate[]) => {
    const machine = createSignInMachine(gates);
    const result = await fc.check(
      fc.asyncProperty(scenarios, (scenario) => runScenario(t, machine, group, scenario, run++)),
      { numRuns: 2000, seed: 2026, endOnFailure: true },
    );
    return result.failed;
  };

  for (const gate of signInGates) {
    test(`without "${gate.name}"`, async () => {
      const without = signInGates.filter((g) => g !== gate);
      assert.ok(await noticed(without), `no run noticed that "${gate.name}" was missing`);
    });
  }

  // The password change an administrator's reset asks for (forceChangePasswordNextSignIn) is a
  // rule of its own within its gate: a gate that forgets it, or names the wrong reason, is noticed.
  const withPasswordChange = (check: Gate["check"]) =>
    signInGates.map((g) => (g === passwordChange ? { ...g, check } : g));
  test("a password-change gate that ignores an administrator's reset", async () => {
    const riskOnly = withPasswordChange((facts, situation) =>
      passwordChange.check(facts, {
        ...situation,
        user: situation.user && { ...situation.user, passwordChangeForced: false },
      }),
    );
    assert.ok(await noticed(riskOnly), "no run noticed the reset's request was ignored");
  });
  test("a password-change gate that always names high risk", async () => {
    const alwaysRisk = withPasswordChange((facts, situation) => {
      const stop = passwordChange.check(facts, situation);
      return stop?.next === "change_password" ? { ...stop, reason: "risk" } : stop;
    });
    assert.ok(await noticed(alwaysRisk), "no run noticed the wrong reason");
  });
});
