import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { isVarcoError } from "../../src/errors/varco-error.ts";
import { findVoiceGreeting, listVoiceGreetings } from "../../src/store/queries/voice-greetings.ts";
import { deleteVoiceGreeting } from "../../src/voice-greetings/delete-voice-greeting.ts";
import { setVoiceGreeting } from "../../src/voice-greetings/set-voice-greeting.ts";
import { mp3File, wavFile } from "../support/audio.ts";
import { databaseKinds } from "../support/databases.ts";
import { pngImage } from "../support/images.ts";
import { openTestApp, type TestApp, testActor } from "../support/test-app.ts";

for (const kind of databaseKinds) {
  describe(`a tenant's voice greetings (${kind})`, () => {
    let t: TestApp;
    before(async () => {
      t = await openTestApp(kind);
    });
    after(() => t.close());

    const auditOf = async (action: string) =>
      (
        await t.ctx.store.db
          .selectFrom("audit_log")
          .select(["details_json", "actor_name"])
          .where("action", "=", action)
          .orderBy("seq")
          .execute()
      ).map((row) => JSON.parse(row.details_json) as Record<string, unknown>);

    test("are kept byte for byte per language and kind, replaced, listed without audio and deleted, each change audited", async () => {
      const wav = wavFile(2);
      const saved = await setVoiceGreeting(t.ctx, testActor, t.tenant, {
        language: "it",
        kind: "fraudGreeting",
        bytes: wav,
        fileName: "saluto.wav",
      });
      assert.deepEqual(saved, {
        contentType: "audio/wav",
        durationMs: 2000,
        size: wav.length,
        language: "it",
        kind: "fraudGreeting",
      });
      const stored = await findVoiceGreeting(t.ctx.store.db, t.tenant.id, "it", "fraudGreeting");
      assert.equal(stored?.contentType, "audio/wav");
      assert.ok(stored?.audio.equals(wav), "the same bytes back");
      assert.equal(
        await findVoiceGreeting(t.ctx.store.db, t.tenant.id, "en", "fraudGreeting"),
        undefined,
        "per language",
      );

      t.clock.advance(60_000);
      const mp3 = mp3File(3);
      await setVoiceGreeting(t.ctx, testActor, t.tenant, {
        language: "it",
        kind: "fraudGreeting",
        bytes: mp3,
        fileName: "nuovo.mp3",
      });
      await setVoiceGreeting(t.ctx, testActor, t.tenant, {
        language: "en",
        kind: "authenticationSuccessful",
        bytes: wav,
        fileName: "ok.wav",
      });
      const replaced = await findVoiceGreeting(t.ctx.store.db, t.tenant.id, "it", "fraudGreeting");
      assert.equal(replaced?.contentType, "audio/mpeg");
      assert.ok(replaced?.audio.equals(mp3));
      const listed = await listVoiceGreetings(t.ctx.store.db, t.tenant.id);
      assert.deepEqual(
        listed.map((g) => [g.language, g.kind, g.contentType, g.size, g.createdAt]),
        [
          ["en", "authenticationSuccessful", "audio/wav", wav.length, t.clock.now()],
          ["it", "fraudGreeting", "audio/mpeg", mp3.length, t.clock.now()],
        ],
      );
      assert.ok(listed.every((g) => !("audio" in g)));

      const audits = await auditOf("Set voice greeting");
      assert.equal(audits.length, 3);
      assert.deepEqual(
        { ...audits[0], hash: undefined },
        {
          tenant: t.tenant.name,
          language: "it",
          kind: "fraudGreeting",
          type: "audio/wav",
          bytes: wav.length,
          durationMs: 2000,
          hash: undefined,
        },
      );
      assert.match(String(audits[0]?.hash), /^[A-Za-z0-9_-]{16}$/);

      assert.equal(
        await deleteVoiceGreeting(t.ctx, testActor, t.tenant, {
          language: "it",
          kind: "fraudGreeting",
        }),
        true,
      );
      assert.equal(
        await deleteVoiceGreeting(t.ctx, testActor, t.tenant, {
          language: "it",
          kind: "fraudGreeting",
        }),
        false,
        "gone already",
      );
      assert.deepEqual(await auditOf("Delete voice greeting"), [
        { tenant: t.tenant.name, language: "it", kind: "fraudGreeting" },
      ]);
      assert.deepEqual(
        (await listVoiceGreetings(t.ctx.store.db, t.tenant.id)).map((g) => g.kind),
        ["authenticationSuccessful"],
      );
    });

    test("a refused file or slot changes nothing and writes no audit entry", async () => {
      const before = await auditOf("Set voice greeting");
      const attempts: [Partial<{ language: string; kind: string }>, Uint8Array, string][] = [
        [{}, pngImage(4, 4, [0, 0, 0]), "greeting_format"],
        [{}, wavFile(21), "greeting_too_long"],
        [{ language: "de" }, wavFile(1), "invalid_request"],
        [{ kind: "welcome" }, wavFile(1), "invalid_request"],
      ];
      for (const [slot, bytes, code] of attempts) {
        const error = await setVoiceGreeting(t.ctx, testActor, t.tenant, {
          language: "en",
          kind: "greeting",
          ...slot,
          bytes,
          fileName: "x.wav",
        }).then(
          () => assert.fail("accepted"),
          (e: unknown) => e,
        );
        assert.ok(isVarcoError(error, code as "invalid_request"), String(error));
      }
      assert.equal(
        await findVoiceGreeting(t.ctx.store.db, t.tenant.id, "en", "greeting"),
        undefined,
      );
      assert.equal((await auditOf("Set voice greeting")).length, before.length);
    });
  });
}
