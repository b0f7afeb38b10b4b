import { randomUUID } from "node:crypto";
import { recordAudit } from "../audit/record-audit.ts";
import type { Context } from "../context.ts";
import { VarcoError } from "../errors/varco-error.ts";
import type { MailSender } from "../sender/mail-sender.ts";
import { loadPendingSignIn } from "../sign-in/pending-sign-in.ts";
import { recordSignIn } from "../sign-in/record-sign-in.ts";
import type { ClientInfo } from "../sign-in/types.ts";
import { userActor } from "../sign-in/user-actor.ts";
import { finishPendingSignIn } from "../store/queries/pending-sign-ins.ts";
import {
  insertRiskDetection,
  setPasswordChangeRequired,
  setUserRisk,
} from "../store/queries/risk.ts";
import { updateBlocked } from "../store/queries/users.ts";
import { fraudNotice } from "./fraud-notice.ts";

/** Seed 001: "gli tentativi MFA ... vengono bloccati per 90 giorni o finché un amministratore non sblocca". */
export const fraudBlockDays = 90;

/**
 * "I didn't try to sign in" (seed 001 "Segnala attività sospette"), from the code prompt: the
 * pending sign-in ends, the user's risk becomes high with a userReportedSuspiciousActivity
 * detection, the tenant's high-risk action applies (a 90-day block, or a new password after MFA
 * at the next sign-in), the logs say so, and the tenant's notification addresses get an e-mail.
 * A failed e-mail does not undo the report: it is returned for the caller to log.
 */
export async function reportSuspiciousActivity(
  ctx: Context,
  mail: MailSender | undefined,
  input: { pendingToken: string | undefined; client: ClientInfo },
): Promise<{ reported: boolean; mailError?: unknown }> {
  const loaded = await loadPendingSignIn(ctx, input.pendingToken);
  if (loaded?.pending.stage !== "mfa") return { reported: false };
  const { pending, user, tenant } = loaded;
  const policy = tenant.policy;
  if (!policy.reportSuspiciousActivity) {
    throw new VarcoError(
      "invalid_request",
      "this organisation does not take reports of suspicious activity",
    );
  }
  const now = ctx.now();
  // The pending sign-in ends once: a report sent twice counts once.
  if (!(await finishPendingSignIn(ctx.store.db, pending.id, now))) return { reported: false };
  const action = policy.highRiskAction;
  await ctx.store.transaction(async (tx) => {
    await insertRiskDetection(tx, {
      id: randomUUID(),
      tenant_id: tenant.id,
      user_id: user.id,
      risk_event_type: "userReportedSuspiciousActivity",
      risk_level: "high",
      source: "endUser",
      ip: input.client.ip,
      detected_at: now,
    });
    await setUserRisk(tx, {
      user_id: user.id,
      tenant_id: tenant.id,
      risk_level: "high",
      risk_state: "atRisk",
      risk_detail: "userReportedSuspiciousActivity",
      updated_at: now,
    });
    if (action === "block") {
      await updateBlocked(tx, user.id, {
        reason: "Fraud reported",
        until: now + fraudBlockDays * 24 * 3_600_000,
      });
    } else if (action === "requirePasswordChange") {
      await setPasswordChangeRequired(tx, user.id, now);
    }
    await recordSignIn(tx, now, {
      tenantId: tenant.id,
      userId: user.id,
      upn: user.upn,
      client: input.client,
      result: "failure",
      reason: "fraud_reported",
    });
    await recordAudit(
      tx,
      { now, actor: userActor(user, input.client), keyring: ctx.keyring },
      {
        tenantId: tenant.id,
        action: "Fraud reported",
        targetType: "user",
        targetId: user.id,
        details: { upn: user.upn, highRiskAction: action },
      },
    );
  });
  const to = policy.fraudNotificationEmails;
  if (!mail || to.length === 0) return { reported: true };
  try {
    await mail.send({ to, ...fraudNotice({ tenant, user, client: input.client, now, action }) });
    return { reported: true };
  } catch (mailError) {
    return { reported: true, mailError };
  }
}
