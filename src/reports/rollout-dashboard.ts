import type { Context } from "../context.ts";
import type { Tenant } from "../directory/types.ts";
import {
  countMethodsInUse,
  countRegistration,
  countRegistrationByGroup,
  countSignInsBySlice,
  listUnregistered,
  listUsersAtRisk,
  type RolloutScope,
  type SignInOutcome,
  signInOutcomes,
} from "../store/queries/rollout-report.ts";
import { stackedColumns } from "./chart-geometry.ts";
import { lastDaysIn } from "./days-in-zone.ts";

/** Days the sign-in chart covers, as Entra's "Authentication methods activity" does by default. */
export const dashboardDays = 30;
/** Users not yet registered listed on the page; the CSV holds them all. */
export const unregisteredShown = 50;

export type DailySignIns = { readonly date: string } & Readonly<Record<SignInOutcome, number>>;

/**
 * Who is in scope of the tenant's MFA policy (everyone, a group, or nobody: then the whole
 * tenant is shown, as who would be asked if it were on). None when the group is gone.
 */
export function rolloutScope(
  tenant: Tenant,
): RolloutScope & { readonly of: "all" | "group" | "none" } {
  const policy = tenant.policy;
  if (policy.mfaRequiredFor === "group")
    return { tenantId: tenant.id, groupId: policy.mfaGroupId ?? "", of: "group" };
  return { tenantId: tenant.id, groupId: null, of: policy.mfaRequiredFor };
}

/**
 * The roll-out dashboard's numbers, after Entra's "Registration details" and "Authentication
 * methods activity" reports: every count is summed by the database, the daily sign-ins in
 * 15-minute slices that are put into the tenant's own calendar days here. The users at risk
 * only `withRisk`: for the roles that may read risk.
 */
export async function readRolloutDashboard(
  ctx: Context,
  tenant: Tenant,
  options: { withRisk: boolean },
) {
  const db = ctx.store.db;
  const required = tenant.policy.requiredMethodCount;
  const scope = rolloutScope(tenant);
  const days = lastDaysIn(tenant.policy.timeZone, ctx.now(), dashboardDays);
  const from = days[0]?.start ?? 0;
  const to = days.at(-1)?.end ?? 0;
  const [registration, groups, unregistered, methods, slices, risk] = await Promise.all([
    countRegistration(db, scope, required),
    countRegistrationByGroup(db, tenant.id, required),
    listUnregistered(db, scope, required, unregisteredShown),
    countMethodsInUse(db, tenant.id),
    countSignInsBySlice(db, tenant.id, from, to),
    options.withRisk ? listUsersAtRisk(db, tenant.id, 10) : null,
  ]);
  const daily: Record<SignInOutcome, number>[] = days.map(() => ({
    success: 0,
    mfaDenied: 0,
    lockedOut: 0,
    fraudReported: 0,
  }));
  for (const slice of slices) {
    const index = days.findIndex((d) => slice.sliceStart >= d.start && slice.sliceStart < d.end);
    const day = daily[index];
    if (day) day[slice.outcome] += slice.count;
  }
  const signIns: DailySignIns[] = days.map((d, i) => ({
    date: d.date,
    ...(daily[i] as Record<SignInOutcome, number>),
  }));
  const totals = Object.fromEntries(
    signInOutcomes.map((o) => [o, signIns.reduce((sum, d) => sum + d[o], 0)]),
  ) as Record<SignInOutcome, number>;
  return {
    scope: scope.of,
    requiredMethods: required,
    registration,
    groups,
    unregistered,
    methods,
    signIns,
    signInTotals: totals,
    signInChart: stackedColumns(signIns, signInOutcomes),
    risk,
  };
}

export type RolloutDashboard = Awaited<ReturnType<typeof readRolloutDashboard>>;
