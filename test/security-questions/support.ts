import type { FastifyInstance } from "fastify";
import { findTenant } from "../../src/directory/find-tenant.ts";
import type { TenantPolicy } from "../../src/policy/tenant-policy.ts";
import { changeTenantPolicy } from "../../src/policy/update-tenant-policy.ts";
import { signInToPages } from "../support/page-sign-in.ts";
import { createSignInUser } from "../support/sign-in-user.ts";
import type { TestApp } from "../support/test-app.ts";
import { testActor } from "../support/test-app.ts";

/** Turns security questions on for the test tenant, with the other changes given. */
export async function enableSecurityQuestions(
  t: TestApp,
  changes: Partial<TenantPolicy> = {},
): Promise<void> {
  const tenant = await findTenant(t.ctx);
  await changeTenantPolicy(t.ctx, testActor, tenant, {
    securityQuestionsEnabled: true,
    ...changes,
  });
}

/** Five answers a user might give, to questions 1, 12, 25, 30 and 35. */
export const fiveAnswers: readonly { questionKey: string; answer: string }[] = [
  { questionKey: "predefined:1", answer: "Pontedera" },
  { questionKey: "predefined:12", answer: "Cacciucco alla livornese" },
  { questionKey: "predefined:25", answer: "Ospedale Santa Chiara" },
  { questionKey: "predefined:30", answer: "Topolino" },
  { questionKey: "predefined:35", answer: "Roberto Benigni" },
];

/** The form fields of a set of answers: question1…, answer1…. */
export function answersForm(
  answers: readonly { questionKey: string; answer: string }[],
): Record<string, string> {
  const fields: Record<string, string> = {};
  answers.forEach(({ questionKey, answer }, i) => {
    fields[`question${i + 1}`] = questionKey;
    fields[`answer${i + 1}`] = answer;
  });
  return fields;
}

/** A user signed in to the pages, without a role. */
export async function signedInUser(t: TestApp, server: FastifyInstance, upn: string) {
  const u = await createSignInUser(t, upn);
  return { u, pages: await signInToPages(t, server, u) };
}
