import { join } from "node:path";
import { openApp } from "../src/app/open-app.ts";
import { loadConfig } from "../src/config/load-config.ts";
import { hashPassword } from "../src/crypto/password.ts";
import { findTenant } from "../src/directory/find-tenant.ts";
import { updatePhoneSettings } from "../src/phone-settings/update-phone-settings.ts";
import { updateMethodConfiguration } from "../src/policy/method-configurations/update-method-configuration.ts";
import { changeTenantPolicy } from "../src/policy/update-tenant-policy.ts";
import { createTestDatabase } from "../test/support/databases.ts";
import { codeOf } from "../test/support/sms-code-of.ts";
import { startTestSmsc } from "../test/support/smsc.ts";
import { startChildServer } from "./child-server.ts";
import { jsonClient } from "./json-client.ts";
import { countingArgs, countsBetween, readQueryCounts } from "./query-counts.ts";
import { makeTempDir } from "./temp-dir.ts";
import { prepareValidateFixture } from "./validate-fixture.ts";

/** PostgreSQL round trips per request of each kind, counted in the server (begin and commit included). */
export type SmsFigures = {
  /** A wrong code at the code prompt: an event that counts an attempt and writes a log line. */
  readonly wrongCode: number;
  /** "Text +39 ••• 12": the same prompt, a code sent by SMS through an SMPP gateway. */
  readonly sendCode: number;
  /** The code that came by SMS, accepted: the session starts. */
  readonly smsCodeAccepted: number;
  /** An app's code accepted, for comparison: the session starts. */
  readonly appCodeAccepted: number;
  readonly users: number;
};

const password = "bench password 1";
const actor = { type: "cli", id: null, name: "bench" } as const;

/**
 * The database cost of sending an SMS at sign-in, on PostgreSQL where each query is a round trip:
 * `varco serve` (a child process, its queries counted) against a real SMPP server on loopback.
 * Each user signs in once with a wrong code then a code by SMS, and once with an app's code; the
 * requests run one at a time, so each one's count is its own.
 */
export async function benchSms(options: { users: number }): Promise<SmsFigures> {
  const dir = makeTempDir("varco-bench-sms-");
  const database = await createTestDatabase("postgres");
  const smsc = await startTestSmsc({ deliveryReports: "none" });
  const env = { VARCO_DATA_DIR: join(dir.path, "data"), VARCO_DATABASE_URL: database.url };
  try {
    const fixture = await prepareValidateFixture(env, options.users);
    const app = await openApp(loadConfig(env));
    try {
      const hash = await hashPassword(password);
      await app.ctx.store.db.updateTable("users").set({ password_hash: hash }).execute();
      const users = await app.ctx.store.db.selectFrom("users").select(["id", "upn"]).execute();
      const now = Date.now();
      await app.ctx.store.db
        .insertInto("phone_methods")
        .values(
          users.map((user, i) => ({
            user_id: user.id,
            phone_type: "mobile",
            phone_number: `+39 3339${String(i).padStart(6, "0")}`,
            created_at: now,
            updated_at: now,
          })),
        )
        .execute();
      const tenant = await findTenant(app.ctx);
      await changeTenantPolicy(app.ctx, actor, tenant, { passwordAttemptsPerAddress: 100_000 });
      await updatePhoneSettings(app.ctx, actor, tenant.id, {
        smsPrimary: {
          kind: "smpp",
          host: "127.0.0.1",
          port: smsc.port,
          tls: false,
          systemId: "varco",
          password: "secret1",
          sourceAddress: "Varco",
        },
        messagesPerTenantPerHour: 1_000_000,
      });
      const ready = { sms: true, voice: false };
      await updateMethodConfiguration(
        app.ctx,
        actor,
        tenant.id,
        "Sms",
        { state: "enabled" },
        ready,
      );
    } finally {
      await app.close();
    }

    const countFile = join(dir.path, "serve.counts");
    const server = await startChildServer({
      args: [...countingArgs, "src/cli/main.ts", "serve"],
      env: {
        PATH: process.env.PATH ?? "",
        HOME: process.env.HOME ?? dir.path,
        ...env,
        VARCO_PORT: "0",
        BENCH_COUNT_FILE: countFile,
      },
      logPath: join(dir.path, "serve.log"),
      cwd: process.cwd(),
      port: 0,
    });
    try {
      const client = jsonClient(`http://127.0.0.1:${server.port}`, 1);
      const totals = { wrongCode: 0, sendCode: 0, smsCodeAccepted: 0, appCodeAccepted: 0 };
      /** Round trips of one request. */
      const counted = async <T>(kind: keyof typeof totals, request: () => Promise<T>) => {
        const before = await readQueryCounts(server.pid, countFile);
        const answer = await request();
        const after = await readQueryCounts(server.pid, countFile);
        totals[kind] += countsBetween(before, after).postgresQueries;
        return answer;
      };
      const signIn = async (upn: string) => {
        const first = await client.post("/api/v1/sign-in", { upn, password });
        if ((first.body as { state: string }).state !== "second_factor")
          throw new Error(`sign-in of ${upn}: ${JSON.stringify(first.body)}`);
        return first.setCookie.map((c) => c.split(";")[0]).join("; ");
      };
      const { generateTotp } = await import("../src/otp/totp.ts");
      for (const [i, user] of fixture.users.entries()) {
        const cookie = await signIn(user.upn);
        await counted("wrongCode", () =>
          client.post("/api/v1/sign-in/second-factor", { code: "000000" }, cookie),
        );
        await counted("sendCode", () =>
          client.post("/api/v1/sign-in/phone-code", { phoneType: "mobile" }, cookie),
        );
        const sms = await smsc.nextMessage(`+393339${String(i).padStart(6, "0")}`);
        const done = await counted("smsCodeAccepted", () =>
          client.post(
            "/api/v1/sign-in/second-factor",
            { kind: "phoneCode", code: codeOf(sms.text) },
            cookie,
          ),
        );
        if ((done.body as { state: string }).state !== "signed_in")
          throw new Error(`SMS sign-in of ${user.upn}: ${JSON.stringify(done.body)}`);
        const again = await signIn(user.upn);
        const code = generateTotp(user.key, {
          timeMs: Date.now(),
          algorithm: "SHA1",
          digits: 6,
          period: 30,
        });
        await counted("appCodeAccepted", () =>
          client.post("/api/v1/sign-in/second-factor", { code }, again),
        );
      }
      const n = fixture.users.length;
      return {
        wrongCode: totals.wrongCode / n,
        sendCode: totals.sendCode / n,
        smsCodeAccepted: totals.smsCodeAccepted / n,
        appCodeAccepted: totals.appCodeAccepted / n,
        users: n,
      };
    } finally {
      await server.stop();
    }
  } finally {
    await smsc.close();
    await database.drop();
    dir.remove();
  }
}
