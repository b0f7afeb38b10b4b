import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import fc from "fast-check";
import { createGroup } from "../../src/directory/create-group.ts";
import { signInGates } from "../../src/sign-in/machine/gates.ts";
import { createSignInMachine } from "../../src/sign-in/sign-in-machine.ts";
import type { Group } from "../../src/store/queries/groups.ts";
import { openTestApp, type TestApp, testActor } from "../support/test-app.ts";
import { runScenario } from "./model/harness.ts";
import { scenarios } from "./model/scenario.ts";

// Issue 11: the model-based test is worth its runs only if it notices a missing rule. Each gate
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

  for (const gate of signInGates) {
    test(`without "${gate.name}"`, async () => {
      const machine = createSignInMachine(signInGates.filter((g) => g !== gate));
      const result = await fc.check(
        fc.asyncProperty(scenarios, (scenario) => runScenario(t, machine, group, scenario, run++)),
        { numRuns: 2000, seed: 2026, endOnFailure: true },
      );
      assert.ok(result.failed, `no run noticed that "${gate.name}" was missing`);
    });
  }
});
