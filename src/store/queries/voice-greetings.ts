import type { Db } from "../open-store.ts";
import type { VoiceGreetingsTable } from "../schema.ts";

/** A greeting as the admin page lists it: everything but the audio. */
export type VoiceGreetingEntry = {
  readonly language: string;
  readonly kind: string;
  readonly contentType: string;
  readonly durationMs: number;
  readonly size: number;
  readonly createdAt: number;
};

export type VoiceGreetingAudio = { readonly contentType: string; readonly audio: Buffer };

/** Inserts the tenant's greeting of this language and kind, or replaces the one there is. */
export async function upsertVoiceGreeting(db: Db, row: VoiceGreetingsTable): Promise<void> {
  const audio = Buffer.from(row.audio.buffer, row.audio.byteOffset, row.audio.byteLength);
  const { tenant_id: _t, language: _l, kind: _k, ...changes } = { ...row, audio };
  await db
    .insertInto("voice_greetings")
    .values({ ...row, audio })
    .onConflict((oc) => oc.columns(["tenant_id", "language", "kind"]).doUpdateSet(changes))
    .execute();
}

/** The greeting's audio and type, for the provider to play. */
export async function findVoiceGreeting(
  db: Db,
  tenantId: string,
  language: string,
  kind: string,
): Promise<VoiceGreetingAudio | undefined> {
  const row = await db
    .selectFrom("voice_greetings")
    .select(["content_type", "audio"])
    .where("tenant_id", "=", tenantId)
    .where("language", "=", language)
    .where("kind", "=", kind)
    .executeTakeFirst();
  if (!row) return undefined;
  // node:sqlite reads a blob as a Uint8Array, pg a bytea as a Buffer: one type for both.
  const audio = Buffer.isBuffer(row.audio)
    ? row.audio
    : Buffer.from(row.audio.buffer, row.audio.byteOffset, row.audio.byteLength);
  return { contentType: row.content_type, audio };
}

/** The tenant's greetings without their audio, by language then kind. */
export async function listVoiceGreetings(db: Db, tenantId: string): Promise<VoiceGreetingEntry[]> {
  const rows = await db
    .selectFrom("voice_greetings")
    .select(["language", "kind", "content_type", "duration_ms", "size", "created_at"])
    .where("tenant_id", "=", tenantId)
    .orderBy("language")
    .orderBy("kind")
    .execute();
  return rows.map((row) => ({
    language: row.language,
    kind: row.kind,
    contentType: row.content_type,
    durationMs: Number(row.duration_ms),
    size: Number(row.size),
    createdAt: Number(row.created_at),
  }));
}

/** Deletes the greeting; false when the tenant had none of this language and kind. */
export async function deleteVoiceGreeting(
  db: Db,
  tenantId: string,
  language: string,
  kind: string,
): Promise<boolean> {
  const result = await db
    .deleteFrom("voice_greetings")
    .where("tenant_id", "=", tenantId)
    .where("language", "=", language)
    .where("kind", "=", kind)
    .executeTakeFirst();
  return Number(result.numDeletedRows) > 0;
}
