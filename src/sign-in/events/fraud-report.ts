import { randomUUID } from "node:crypto";
import { recordAudit } from "../../audit/record-audit.ts";
import type { Context } from "../../context.ts";
import { VarcoError } from "../../errors/varco-error.ts";
import { fraudNotice } from "../../risk/fraud-notice.ts";
import {
  insertRiskDetection,
  setPasswordChangeRequired,
  setUserRisk,
} from "../../store/queries/risk.ts";
import { updateBlocked } from "../../store/queries/users.ts";
import { userActor } from "../user-actor.ts";
import type { Applied, Continuing } from "./event.ts";

/** Seed 001: "gli tentativi MFA ... vengono bloccati per 90 giorni o finché un amministratore non sblocca". */
export const fraudBlockDays = 90;

/**
 * "I didn't try to sign in" (seed 001 "Segnala attività sospette"), from the code prompt: the
 * user's risk becomes high with a userReportedSuspiciousActivity detection, and the tenant's
 * high-risk action applies (a 90-day block, or a new password after MFA at the next sign-in),
 * written with the end of the sign-in, so a report sent twice counts once. The tenant's
 * notification addresses get an e-mail afterwards; a failed e-mail does not undo the report.
 */
export async function applyFraudReport(
  ctx: Context,
  { pending, tenant, user, client }: Continuing,
): Promise<Applied> {
  const policy = tenant.policy;
  if (!policy.reportSuspiciousActivity) {
    throw new VarcoError(
      "invalid_request",
      "this organisation does not take reports of suspicious activity",
    );
  }
  return {
    facts: { ...pending.facts, reportedAt: ctx.now() },
    ...fraudReported(ctx, tenant, user, client),
  };
}

/**
 * What a fraud report does, whoever reports it (the code prompt, or the fraud code pressed on a
 * call): the user's risk becomes high, the tenant's high-risk action applies, the audit log says
 * so (`effects`, in the caller's transaction), then the notification addresses are told.
 */
export function fraudReported(
  ctx: Context,
  tenant: Continuing["tenant"],
  user: Continuing["user"],
  client: Continuing["client"],
): Required<Pick<Applied, "effects" | "afterCommit">> {
  const policy = tenant.policy;
  const now = ctx.now();
  const action = policy.highRiskAction;
  return {
    effects: async (tx) => {
      await insertRiskDetection(tx, {
        id: randomUUID(),
        tenant_id: tenant.id,
        user_id: user.id,
        risk_event_type: "userReportedSuspiciousActivity",
        risk_level: "high",
        source: "endUser",
        ip: client.ip,
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
      await recordAudit(
        tx,
        { now, actor: userActor(user, client), keyring: ctx.keyring },
        {
          tenantId: tenant.id,
          action: "Fraud reported",
          targetType: "user",
          targetId: user.id,
          details: { upn: user.upn, highRiskAction: action },
        },
      );
    },
    afterCommit: async () => {
      const to = policy.fraudNotificationEmails;
      if (!ctx.mail || to.length === 0) return undefined;
      try {
        await ctx.mail.send({ to, ...fraudNotice({ tenant, user, client, now, action }) });
        return undefined;
      } catch (mailError) {
        return mailError;
      }
    },
  };
}
