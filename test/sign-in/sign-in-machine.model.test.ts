import { after, before, describe, test } from "node:test";
import fc from "fast-check";
import { createGroup } from "../../src/directory/create-group.ts";
import { signInMachine } from "../../src/sign-in/sign-in-machine.ts";
import type { Group } from "../../src/store/queries/groups.ts";
import { openTestApp, type TestApp, testActor } from "../support/test-app.ts";
import { runScenario } from "./model/harness.ts";
import { scenarios } from "./model/scenario.ts";

// Random policies, users and sequences of events, run against the sign-in machine and
// checked against a reference model; no session may start unless every gate the policy demands
// was passed, and the sign-in log must say what happened. A failure prints the seed to replay.
const runs = { sqlite: Number(process.env.VARCO_MODEL_RUNS ?? 2000), postgres: 200 };

for (const kind of ["sqlite", "postgres"] as const) {
  describe(`the sign-in machine against its model on ${kind}`, () => {
    let t: TestApp;
    let group: Group;
    let run = 0;
    before(async () => {
      t = await openTestApp(kind);
      group = await createGroup(t.ctx, testActor, t.tenant, "model");
    });
    after(() => t.close());

    // Thousands of runs take about a minute alone, and several on a busy machine.
    test(`${runs[kind]} random runs`, { timeout: 600_000 }, async () => {
      await fc.assert(
        fc.asyncProperty(scenarios, (scenario) =>
          runScenario(t, signInMachine, group, scenario, run++),
        ),
        { numRuns: runs[kind] },
      );
    });
  });
}
