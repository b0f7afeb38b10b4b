import type { Context } from "../../context.ts";
import type { Tenant, User } from "../../directory/types.ts";
import { isVarcoError } from "../../errors/varco-error.ts";
import { labelProblem } from "../../methods/label.ts";
import { pendingOtpauthUri } from "../../methods/software-oath/pending-otpauth-uri.ts";
import { encodeBase32 } from "../../otp/base32.ts";
import { parseOtpauthUri } from "../../otp/otpauth-uri.ts";
import type { EnrolAppModel, EnrolQrModel } from "../../web/page-models.ts";
import { qrPng, qrSvg } from "../../web/qr.ts";

/** The QR page of a method being enrolled: the code, the key in groups of four, the PNG link. */
export async function enrolQrModel(
  ctx: Context,
  tenant: Tenant,
  user: User,
  input: {
    methodId: string;
    action: string;
    pngUrl: string;
    step?: number;
    total?: number;
    error?: "invalid_code";
  },
): Promise<EnrolQrModel> {
  const uri = await pendingOtpauthUri(ctx, tenant, user, input.methodId);
  const secret = encodeBase32(parseOtpauthUri(uri).secret);
  return {
    action: input.action,
    methodId: input.methodId,
    qrSvg: await qrSvg(uri),
    otpauthUri: uri,
    secretGroups: secret.match(/.{1,4}/g)?.join(" ") ?? secret,
    pngUrl: input.pngUrl,
    ...(input.step !== undefined ? { step: input.step } : {}),
    ...(input.total !== undefined ? { total: input.total } : {}),
    ...(input.error ? { error: input.error } : {}),
  };
}

export async function enrolQrPng(
  ctx: Context,
  tenant: Tenant,
  user: User,
  methodId: string,
): Promise<Buffer> {
  return qrPng(await pendingOtpauthUri(ctx, tenant, user, methodId));
}

/**
 * The enrol form's model after `error`, when it is a refused label or the limit of methods: the
 * reason in words for a label. Undefined for any other error, which is not the form's to show.
 */
export function refusedEnrolment(
  error: unknown,
  label: string,
): Pick<EnrolAppModel, "error" | "labelProblem"> | undefined {
  if (isVarcoError(error, "invalid_label")) {
    const problem = labelProblem(label);
    return { error: "invalid_label", ...(problem ? { labelProblem: problem } : {}) };
  }
  if (isVarcoError(error, "label_in_use")) return { error: "label_in_use" };
  if (isVarcoError(error, "method_limit_reached")) return { error: "method_limit_reached" };
  return undefined;
}
