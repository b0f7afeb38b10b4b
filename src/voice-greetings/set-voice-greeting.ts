import { recordAudit } from "../audit/record-audit.ts";
import { contentHash } from "../branding/set-tenant-branding.ts";
import type { Actor, Context } from "../context.ts";
import type { Tenant } from "../directory/types.ts";
import { VarcoError } from "../errors/varco-error.ts";
import { type CheckedGreeting, checkGreeting } from "../sender/voice/check-greeting.ts";
import {
  type GreetingKind,
  type GreetingLanguage,
  isGreetingKind,
  isGreetingLanguage,
} from "../sender/voice/greeting-kinds.ts";
import { upsertVoiceGreeting } from "../store/queries/voice-greetings.ts";

export type GreetingUpload = {
  readonly language: string;
  readonly kind: string;
  readonly bytes: Uint8Array;
  /** The file's name as the browser or the caller gave it: named in a refusal, never trusted. */
  readonly fileName: string;
};

export type SavedVoiceGreeting = CheckedGreeting & {
  readonly language: GreetingLanguage;
  readonly kind: GreetingKind;
};

/** The language and kind named, or `invalid_request`. */
export function greetingSlot(language: string, kind: string) {
  if (!isGreetingLanguage(language)) {
    throw new VarcoError("invalid_request", "a greeting's language is it or en");
  }
  if (!isGreetingKind(kind)) throw new VarcoError("invalid_request", "no such greeting kind");
  return { language, kind };
}

/**
 * Sets a tenant's custom greeting of one language and kind, replacing the one there was. The
 * file is checked first (checkGreeting: WAV or MP3 by its bytes, at most 1 MB, under 20 s): a
 * refused file changes nothing. The greeting and its audit entry (type, size, length and hash;
 * never the audio) land in one transaction.
 */
export async function setVoiceGreeting(
  ctx: Context,
  actor: Actor,
  tenant: Tenant,
  upload: GreetingUpload,
): Promise<SavedVoiceGreeting> {
  const { language, kind } = greetingSlot(upload.language, upload.kind);
  const checked = await checkGreeting(upload.bytes, upload.fileName);
  const now = ctx.now();
  return ctx.store.transaction(async (tx) => {
    await upsertVoiceGreeting(tx, {
      tenant_id: tenant.id,
      language,
      kind,
      content_type: checked.contentType,
      audio: upload.bytes,
      duration_ms: checked.durationMs,
      size: checked.size,
      created_at: now,
    });
    await recordAudit(
      tx,
      { now, actor, keyring: ctx.keyring },
      {
        tenantId: tenant.id,
        action: "Set voice greeting",
        targetType: "tenant",
        targetId: tenant.id,
        details: {
          tenant: tenant.name,
          language,
          kind,
          type: checked.contentType,
          bytes: checked.size,
          durationMs: checked.durationMs,
          hash: contentHash(upload.bytes),
        },
      },
    );
    return { ...checked, language, kind };
  });
}
