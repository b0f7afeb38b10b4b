import assert from "node:assert/strict";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, test } from "node:test";
import type { FastifyInstance } from "fastify";
import { createApiKey } from "../../src/api-keys/create-api-key.ts";
import { type App, openApp } from "../../src/app/open-app.ts";
import { loadConfig } from "../../src/config/load-config.ts";
import { createUser } from "../../src/directory/create-user.ts";
import { findTenant } from "../../src/directory/find-tenant.ts";
import { activateSoftwareOath } from "../../src/methods/software-oath/activate.ts";
import { enrolSoftwareOath } from "../../src/methods/software-oath/enrol.ts";
import { decodeBase32 } from "../../src/otp/base32.ts";
import { generateTotp } from "../../src/otp/totp.ts";
import { browserLike } from "../support/http-client.ts";
import {
  findPostgresBin,
  type PrivatePostgres,
  startPrivatePostgres,
} from "../support/private-postgres.ts";
import { testPassword } from "../support/sign-in-user.ts";
import { buildTestServer, testActor, testClock } from "../support/test-app.ts";

// PostgreSQL restarted while two instances take validate and sign-in
// traffic. While it is away /readyz answers 503 and every request 503 database_unavailable (never
// 500, never a hang past the configured timeout); the instances recover by themselves; no code is
// accepted twice, and every accepted code is in the sign-in log. The cluster is the test's own
// (test/support/private-postgres.ts), on its own port: the shared server is never stopped.

const postgres = findPostgresBin();
const timeoutMs = 2000;
// A request may wait for a connection and then for one statement: past twice the timeout, and a
// generous margin for a loaded machine, it hangs.
const hangMs = 2 * timeoutMs + 8000;

type Instance = { app: App; server: FastifyInstance };
type Person = { upn: string; key: Buffer; channel: "validate" | "sign-in" };
type Answer = { status: number; code?: string; accepted: boolean };
type Accepted = { upn: string; time: number };

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe("a PostgreSQL restart under load from two instances", {
  skip: "missing" in postgres ? postgres.missing : false,
}, () => {
  let cluster: PrivatePostgres;
  let dataDir: string;
  const instances: Instance[] = [];
  const clock = testClock();
  const people: Person[] = [];
  let apiKey: string;
  const accepted: Accepted[] = [];
  const answers: Answer[] = [];

  before(async () => {
    cluster = await startPrivatePostgres((postgres as { bin: string }).bin);
    dataDir = await mkdtemp(join(tmpdir(), "varco-restart-"));
    const config = loadConfig({
      VARCO_DATA_DIR: dataDir,
      VARCO_DATABASE_URL: cluster.url,
      VARCO_DATABASE_TIMEOUT_MS: String(timeoutMs),
      VARCO_DATABASE_POOL_SIZE: "5",
    });
    for (let i = 0; i < 2; i++) {
      // As `varco serve` opens it: its statements are held to the timeout.
      const app = await openApp(config, { now: clock.now, serving: true });
      instances.push({ app, server: await buildTestServer(app.ctx) });
    }
    const ctx = (instances[0] as Instance).app.ctx;
    const tenant = await findTenant(ctx);
    apiKey = (await createApiKey(ctx, testActor, tenant, { name: "vpn" })).key;
    for (let i = 0; i < 10; i++) {
      const channel = i < 6 ? "validate" : "sign-in";
      const upn = `user${i}@school.it`;
      const user = await createUser(ctx, testActor, tenant, {
        upn,
        ...(channel === "sign-in" ? { password: testPassword } : {}),
      });
      const { method, secret } = await enrolSoftwareOath(ctx, testActor, tenant, user, {});
      const key = decodeBase32(secret);
      await activateSoftwareOath(ctx, testActor, tenant, user, {
        methodId: method.id,
        code: totp(key),
      });
      people.push({ upn, key, channel });
    }
  });

  after(async () => {
    for (const { server, app } of instances) {
      await server.close();
      await app.close();
    }
    await cluster?.destroy();
    if (dataDir) await rm(dataDir, { recursive: true, force: true });
  });

  function totp(key: Buffer): string {
    return generateTotp(key, { timeMs: clock.now(), period: 30, algorithm: "SHA1", digits: 6 });
  }

  /** `work`, failing the test if it takes longer than a request may hang. */
  async function bounded<T>(what: string, work: Promise<T>): Promise<T> {
    let timer: NodeJS.Timeout | undefined;
    const hung = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`${what} hung past ${hangMs} ms`)), hangMs);
    });
    try {
      return await Promise.race([work, hung]);
    } finally {
      clearTimeout(timer);
    }
  }

  function answerOf(response: { statusCode: number; json(): unknown }, accepted: boolean): Answer {
    const body = response.json() as { error?: { code?: string } };
    return { status: response.statusCode, code: body.error?.code, accepted };
  }

  /** One validate call of the code on `instance`. */
  async function validate(instance: Instance, person: Person, code: string): Promise<Answer> {
    const response = await instance.server.inject({
      method: "POST",
      url: "/api/v1/validate",
      headers: { authorization: `Bearer ${apiKey}` },
      payload: { upn: person.upn, code },
    });
    const ok = response.statusCode === 200 && response.json().result === "accept";
    return answerOf(response, ok);
  }

  /** A whole sign-in (password, then the code) on `instance`; stops at the first refusal. */
  async function signIn(instance: Instance, person: Person, code: string): Promise<Answer> {
    const browser = browserLike(instance.server);
    const first = await browser.json("POST", "/api/v1/sign-in", {
      upn: person.upn,
      password: testPassword,
    });
    if (first.statusCode !== 200) return answerOf(first, false);
    const second = await browser.json("POST", "/api/v1/sign-in/second-factor", { code });
    const ok = second.statusCode === 200 && second.json().state === "signed_in";
    return answerOf(second, ok);
  }

  /**
   * One time step of traffic: every person's current code, a validate code sent to both
   * instances at once (only one may accept it), a sign-in on one of them. Returns the answers.
   */
  async function round(): Promise<Answer[]> {
    clock.advance(30_000);
    const time = clock.now();
    const calls = people.flatMap((person, index) => {
      const code = totp(person.key);
      const [a, b] = instances as [Instance, Instance];
      const sent =
        person.channel === "validate"
          ? [validate(a, person, code), validate(b, person, code)]
          : [signIn(index % 2 === 0 ? a : b, person, code)];
      return sent.map((call) =>
        bounded(`${person.channel} of ${person.upn}`, call).then((answer) => {
          if (answer.accepted) accepted.push({ upn: person.upn, time });
          answers.push(answer);
          return answer;
        }),
      );
    });
    return Promise.all(calls);
  }

  async function readiness(): Promise<number[]> {
    return Promise.all(
      instances.map(async ({ server }) => {
        const response = await bounded("/readyz", server.inject({ url: "/readyz" }));
        return response.statusCode;
      }),
    );
  }

  test("with the database up, every request answers 200 and /readyz 200", async () => {
    assert.deepEqual(await readiness(), [200, 200]);
    const first = await round();
    assert.deepEqual(
      first.map((answer) => answer.status),
      first.map(() => 200),
    );
    assert.equal(accepted.length, people.length, "each person's code accepted once");
  });

  /**
   * Rounds one after another: `during` runs once the first round is answered, with rounds still
   * in flight, and the rounds go on a little after it. Their answers.
   */
  async function underLoad(during: () => Promise<void>): Promise<Answer[]> {
    let loading = true;
    let firstDone: () => void = () => {};
    const first = new Promise<void>((resolve) => {
      firstDone = resolve;
    });
    const load = (async () => {
      const all: Answer[] = [];
      while (loading) {
        all.push(...(await round()));
        firstDone();
      }
      return all;
    })();
    await first;
    await during();
    await sleep(500);
    loading = false;
    return load;
  }

  /** Polls /readyz on both instances until both answer 200, for up to 30 s. */
  async function waitUntilReady(): Promise<number[]> {
    const deadline = Date.now() + 30_000;
    let ready = await readiness();
    while (ready.some((status) => status !== 200) && Date.now() < deadline) {
      await sleep(200);
      ready = await readiness();
    }
    return ready;
  }

  async function assertAllAccepted(): Promise<void> {
    const before = accepted.length;
    const answers = await round();
    assert.deepEqual(
      answers.map((answer) => answer.status),
      answers.map(() => 200),
    );
    assert.equal(accepted.length - before, people.length, "each person's code accepted once");
  }

  /** While the database is away: /readyz 503, and every request 503 database_unavailable. */
  async function assertUnavailable(): Promise<void> {
    assert.deepEqual(await readiness(), [503, 503]);
    for (let i = 0; i < 2; i++) {
      for (const answer of await round()) {
        assert.deepEqual(answer, { status: 503, code: "database_unavailable", accepted: false });
      }
    }
    assert.deepEqual(await readiness(), [503, 503]);
  }

  test("stopped under load: /readyz 503, every request 503 database_unavailable, none hangs", async () => {
    const during = await underLoad(() => cluster.stop());
    const statuses = new Set(during.map((answer) => answer.status));
    assert.deepEqual([...statuses].sort(), [200, 503], "the stop landed under load");
    await assertUnavailable();
  });

  test("started again: both instances recover by themselves", async () => {
    await cluster.start();
    assert.deepEqual(await waitUntilReady(), [200, 200]);
    await assertAllAccepted();
    await assertAllAccepted();
  });

  test("a server that stops answering (frozen, or packets dropped): 503 within the timeout, then recovery", async () => {
    const during = await underLoad(() => cluster.pause());
    assert.ok(during.some((answer) => answer.status === 200));
    await assertUnavailable();
    await cluster.resume();
    assert.deepEqual(await waitUntilReady(), [200, 200]);
    await assertAllAccepted();
  });

  test("never a 500; no code accepted twice; every accepted code is in the sign-in log", async () => {
    assert.deepEqual(
      answers.filter((answer) => answer.status !== 200 && answer.status !== 503),
      [],
    );
    for (const answer of answers.filter((a) => a.status === 503)) {
      assert.equal(answer.code, "database_unavailable");
    }
    const keys = accepted.map(({ upn, time }) => `${upn} ${time}`);
    assert.equal(new Set(keys).size, keys.length, "a code was accepted twice");
    const ctx = (instances[0] as Instance).app.ctx;
    const logged = await ctx.store.db
      .selectFrom("sign_in_log")
      .select(["upn", "time"])
      .where("result", "=", "success")
      .where("method_id", "is not", null)
      .execute();
    const loggedKeys = logged.map(({ upn, time }) => `${upn} ${time}`);
    assert.equal(
      new Set(loggedKeys).size,
      loggedKeys.length,
      "a code was logged as accepted twice",
    );
    for (const key of keys) assert.ok(loggedKeys.includes(key), `${key} is not in the sign-in log`);
  });
});
