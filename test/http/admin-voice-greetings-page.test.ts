import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import type { FastifyInstance } from "fastify";
import { assignRole } from "../../src/roles/assign-role.ts";
import { listVoiceGreetings } from "../../src/store/queries/voice-greetings.ts";
import { mp3File, wavFile } from "../support/audio.ts";
import { pngImage } from "../support/images.ts";
import { csrfOf, html, signInToPages } from "../support/page-sign-in.ts";
import { createSignInUser } from "../support/sign-in-user.ts";
import { buildTestServer, openTestApp, type TestApp, testActor } from "../support/test-app.ts";

// /admin/voice-greetings: an Authentication Policy Administrator uploads a recording per
// language and kind; a file that is not WAV or MP3, too large or too long is shown with its
// reason and changes nothing; the provider fetches the recording without signing in.
const boundary = "----varco-greeting-boundary";
const multipart = (
  fields: Record<string, string>,
  file: { name: string; type: string; bytes: Buffer },
) =>
  Buffer.concat([
    ...Object.entries(fields).map(([name, value]) =>
      Buffer.from(
        `--${boundary}\r\nContent-Disposition: form-data; name="${name}"\r\n\r\n${value}\r\n`,
      ),
    ),
    Buffer.from(
      `--${boundary}\r\nContent-Disposition: form-data; name="greeting"; filename="${file.name}"\r\nContent-Type: ${file.type}\r\n\r\n`,
    ),
    file.bytes,
    Buffer.from(`\r\n--${boundary}--\r\n`),
  ]);

describe("the voice greetings admin page", () => {
  let t: TestApp;
  let server: FastifyInstance;
  before(async () => {
    t = await openTestApp("sqlite");
    server = await buildTestServer(t.ctx);
  });
  after(async () => {
    await server.close();
    await t.close();
  });

  test("an Authentication Policy Administrator uploads and deletes; bad files are refused with their reason", async () => {
    const u = await createSignInUser(t, "voice.admin@example.it");
    await assignRole(t.ctx, testActor, u.user, "authenticationPolicyAdministrator");
    const admin = await signInToPages(t, server, u);
    const page = await admin.get("/admin/voice-greetings?lang=it");
    assert.equal(page.statusCode, 200);
    assert.match(
      page.body,
      /<a href="\/admin\/voice-greetings">Messaggi vocali personalizzati<\/a>/,
      "in the admin menu",
    );
    assert.match(page.body, /Messaggio introduttivo di illecito \(standard\)/);
    assert.match(page.body, /Premere 0 seguito da cancelletto per inviare un avviso di illecito/);
    const token = csrfOf(page.body);
    const upload = (
      file: { name: string; type: string; bytes: Buffer },
      fields: Record<string, string> = { _csrf: token, language: "it", kind: "fraudGreeting" },
    ) =>
      admin.browser.request({
        method: "POST",
        url: "/admin/voice-greetings",
        headers: { ...html, "content-type": `multipart/form-data; boundary=${boundary}` },
        payload: multipart(fields, file),
      });

    const png = await upload({
      name: "saluto.wav",
      type: "audio/wav",
      bytes: pngImage(8, 8, [0, 0, 0]),
    });
    assert.equal(png.statusCode, 400);
    assert.match(png.body, /Il messaggio di saluto deve essere un file audio WAV o MP3/);
    const long = await upload({ name: "lungo.wav", type: "audio/wav", bytes: wavFile(21) });
    assert.equal(long.statusCode, 400);
    assert.match(
      long.body,
      /Il messaggio di saluto è troppo lungo: deve durare meno di 20 secondi/,
    );
    const large = await upload({
      name: "grande.wav",
      type: "audio/wav",
      bytes: Buffer.concat([wavFile(1), Buffer.alloc(1_045_000)]),
    });
    assert.equal(large.statusCode, 400);
    assert.match(large.body, /Il messaggio di saluto è troppo grande: al massimo 1 MB/);
    const huge = await upload({
      name: "enorme.wav",
      type: "audio/wav",
      bytes: Buffer.alloc(3_000_000),
    });
    assert.equal(huge.statusCode, 413, "refused by its declared size, unread");
    const forged = await upload(
      { name: "saluto.wav", type: "audio/wav", bytes: wavFile(2) },
      { _csrf: "x".repeat(43), language: "it", kind: "fraudGreeting" },
    );
    assert.equal(forged.statusCode, 403);
    const unknownKind = await upload(
      { name: "saluto.wav", type: "audio/wav", bytes: wavFile(2) },
      { _csrf: token, language: "it", kind: "welcome" },
    );
    assert.equal(unknownKind.statusCode, 400);
    assert.deepEqual(await listVoiceGreetings(t.ctx.store.db, t.tenant.id), [], "nothing kept");

    const saved = await upload({
      name: "saluto.wav",
      type: "application/octet-stream",
      bytes: wavFile(2),
    });
    assert.equal(saved.statusCode, 303);
    assert.equal(saved.headers.location, "/admin/voice-greetings?notice=voice_greeting_saved");
    const mp3 = mp3File(3);
    const english = await upload(
      { name: "done.mp3", type: "audio/mpeg", bytes: mp3 },
      { _csrf: token, language: "en", kind: "authenticationSuccessful" },
    );
    assert.equal(english.statusCode, 303);
    const shown = await admin.get("/admin/voice-greetings?notice=voice_greeting_saved&lang=en");
    assert.match(shown.body, /The greeting has been saved/);
    assert.match(shown.body, /WAV, 2\.0 s, 16 KB/);
    assert.match(shown.body, /MP3, 3\.0 s, 47 KB/);
    const player = new RegExp(
      `<a href="(/hooks/voice/greetings/${t.tenant.id}/en/authenticationSuccessful\\?v=\\d+)"`,
    );
    const src = player.exec(shown.body)?.[1];
    assert.ok(src, "a link to listen to the recording");

    // The provider fetches the recording as the call's instructions name it: no session.
    const audio = await server.inject({ method: "GET", url: src });
    assert.equal(audio.statusCode, 200);
    assert.equal(audio.headers["content-type"], "audio/mpeg");
    assert.equal(audio.headers["x-content-type-options"], "nosniff");
    assert.ok(audio.rawPayload.equals(mp3), "the same bytes");

    const removed = await admin.post("/admin/voice-greetings/delete", {
      _csrf: token,
      language: "en",
      kind: "authenticationSuccessful",
    });
    assert.equal(removed.headers.location, "/admin/voice-greetings?notice=voice_greeting_deleted");
    assert.deepEqual(
      (await listVoiceGreetings(t.ctx.store.db, t.tenant.id)).map((g) => [g.language, g.kind]),
      [["it", "fraudGreeting"]],
    );
    const gone = await server.inject({ method: "GET", url: src });
    assert.equal(gone.statusCode, 404);
  });

  test("the provider's route answers the same 404 for anything it does not have", async () => {
    const answers = await Promise.all(
      [
        `/hooks/voice/greetings/${t.tenant.id}/en/greeting`,
        `/hooks/voice/greetings/${t.tenant.id}/de/fraudGreeting`,
        `/hooks/voice/greetings/${t.tenant.id}/it/welcome`,
        "/hooks/voice/greetings/no-such-tenant/it/fraudGreeting",
        `/hooks/voice/greetings/${"x".repeat(300)}/it/fraudGreeting`,
      ].map((url) => server.inject({ method: "GET", url })),
    );
    for (const answer of answers) {
      assert.equal(answer.statusCode, 404);
      assert.equal(answer.body, "not found");
    }
  });

  test("a Security Reader sees the greetings without a form to change them", async () => {
    const u = await createSignInUser(t, "voice.reader@example.it");
    await assignRole(t.ctx, testActor, u.user, "securityReader");
    const reader = await signInToPages(t, server, u);
    const kept = (await listVoiceGreetings(t.ctx.store.db, t.tenant.id)).length;
    const page = await reader.get("/admin/voice-greetings");
    assert.equal(page.statusCode, 200);
    assert.doesNotMatch(page.body, /action="\/admin\/voice-greetings/);
    const refused = await reader.post("/admin/voice-greetings/delete", {
      _csrf: csrfOf(page.body),
      language: "it",
      kind: "fraudGreeting",
    });
    assert.equal(refused.statusCode, 403);
    assert.equal((await listVoiceGreetings(t.ctx.store.db, t.tenant.id)).length, kept);
  });

  test("an administrator whose roles do not read the policy neither sees nor opens the page", async () => {
    const u = await createSignInUser(t, "voice.helpdesk@example.it");
    await assignRole(t.ctx, testActor, u.user, "helpdeskAdministrator");
    const helpdesk = await signInToPages(t, server, u);
    const page = await helpdesk.get("/admin/voice-greetings");
    assert.equal(page.statusCode, 403);
    const users = await helpdesk.get("/admin/users");
    assert.doesNotMatch(users.body, /href="\/admin\/voice-greetings"/);
  });
});
