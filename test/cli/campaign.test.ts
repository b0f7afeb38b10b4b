import assert from "node:assert/strict";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, test } from "node:test";
import { type VarcoResult as Result, runVarco } from "../support/run-varco.ts";

// `varco campaign create|list|end`, through the real CLI (SQLite; the flows are tested on both
// databases in test/campaigns/).

function output<T>(result: Result): T {
  assert.equal(result.exitCode, 0, `exit ${result.exitCode}: ${result.stderr}`);
  return JSON.parse(result.stdout) as T;
}

function assertFailed(result: Result, code: string): void {
  assert.equal(result.exitCode, 1, result.stderr);
  assert.match(result.stderr, new RegExp(`^error: ${code}\\b`, "m"));
  assert.equal(result.stdout, "");
}

type Campaign = {
  id: string;
  groupName: string | null;
  state: string;
  users: number;
  registered: number;
};

describe("varco campaign", () => {
  let dataDir = "";
  let env: Record<string, string> = {};
  const varco = (...args: string[]) => runVarco(env, [...args, "--json"]);
  const inDays = (days: number) =>
    new Date(Date.now() + days * 86_400_000).toISOString().slice(0, 10);

  before(async () => {
    dataDir = await mkdtemp(join(tmpdir(), "varco-cli-campaign-"));
    env = { VARCO_DATA_DIR: dataDir };
    output(await varco("group", "create", "Docenti"));
  });
  after(async () => rm(dataDir, { recursive: true, force: true }));

  test("create for a group, list with progress, end once; bad input changes nothing", async () => {
    assertFailed(await varco("campaign", "create", "--deadline", inDays(30)), "invalid_campaign");
    assertFailed(
      await varco("campaign", "create", "--everyone", "--deadline", "2020-01-01"),
      "invalid_campaign",
    );
    assertFailed(
      await varco("campaign", "create", "--group", "Nessuno", "--deadline", inDays(30)),
      "group_not_found",
    );
    assert.deepEqual(output<Campaign[]>(await varco("campaign", "list")), []);

    const created = output<Campaign>(
      await varco(
        "campaign",
        "create",
        "--group",
        "Docenti",
        "--deadline",
        inDays(30),
        "--postponements",
        "2",
      ),
    );
    const [listed] = output<Campaign[]>(await varco("campaign", "list"));
    assert.deepEqual(
      [listed?.id, listed?.groupName, listed?.state, listed?.registered, listed?.users],
      [created.id, "Docenti", "running", 0, 0],
    );
    output(await varco("campaign", "end", created.id));
    assertFailed(await varco("campaign", "end", created.id), "campaign_ended");
    assertFailed(await varco("campaign", "end", "no-such-campaign"), "campaign_not_found");
    assert.equal(output<Campaign[]>(await varco("campaign", "list"))[0]?.state, "ended");
  });
});
