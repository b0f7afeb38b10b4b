import type { Context } from "../../src/context.ts";
import type { Tenant } from "../../src/directory/types.ts";
import type { Channel } from "../../src/sign-in/machine/facts.ts";
import { signInMachine } from "../../src/sign-in/sign-in-machine.ts";
import type { ClientInfo, SignInStep } from "../../src/sign-in/types.ts";
import type { SecondFactorProof } from "../../src/sign-in/verify-second-factor.ts";

// The sign-in machine's events, one function each, as the pages and the JSON API send them.

type Continued = { pendingToken: string | undefined; client: ClientInfo; channel?: Channel };

const step = async (promise: ReturnType<typeof signInMachine.advance>): Promise<SignInStep> =>
  (await promise).step;

export const signInWithPassword = (
  ctx: Context,
  input: {
    tenant: Tenant;
    upn: string;
    password: string;
    rememberedDeviceToken?: string | null;
    client: ClientInfo;
    channel?: Channel;
  },
) =>
  step(
    signInMachine.advance(ctx, {
      event: {
        type: "password",
        tenant: input.tenant,
        upn: input.upn,
        password: input.password,
        rememberedDeviceToken: input.rememberedDeviceToken ?? null,
      },
      client: input.client,
      channel: input.channel ?? "pages",
    }),
  );

export const signInWithPass = (
  ctx: Context,
  input: { tenant: Tenant; upn: string; pass: string; client: ClientInfo; channel?: Channel },
) =>
  step(
    signInMachine.advance(ctx, {
      event: {
        type: "temporaryAccessPass",
        tenant: input.tenant,
        upn: input.upn,
        pass: input.pass,
      },
      client: input.client,
      channel: input.channel ?? "pages",
    }),
  );

const continueWith = (
  ctx: Context,
  input: Continued,
  event: Parameters<typeof signInMachine.advance>[1]["event"],
) =>
  step(
    signInMachine.advance(ctx, {
      event,
      client: input.client,
      channel: input.channel ?? "pages",
      pendingToken: input.pendingToken,
    }),
  );

export const giveSecondFactor = (
  ctx: Context,
  input: Continued & { proof: SecondFactorProof; rememberDevice?: boolean },
) =>
  continueWith(ctx, input, {
    type: "secondFactor",
    proof: input.proof,
    rememberDevice: input.rememberDevice ?? false,
  });

export const activateRegisteredMethod = (
  ctx: Context,
  input: Continued & { methodId: string; code: string },
) => continueWith(ctx, input, { type: "registration", methodId: input.methodId, code: input.code });

export const changePasswordDuringSignIn = (
  ctx: Context,
  input: Continued & { newPassword: string },
) => continueWith(ctx, input, { type: "passwordChange", newPassword: input.newPassword });

export const reportFraud = (ctx: Context, input: Continued) =>
  continueWith(ctx, input, { type: "fraudReport" });
