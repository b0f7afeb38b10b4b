/** Graph's riskLevel, riskState and riskDetail, as far as Varco sets them (riskyUser resource). */
export type RiskLevel = "none" | "low" | "medium" | "high";
export type RiskState = "atRisk" | "confirmedCompromised" | "remediated" | "dismissed";
export type RiskDetail =
  | "userReportedSuspiciousActivity"
  | "adminConfirmedUserCompromised"
  | "adminDismissedAllRiskForUser"
  | "userPerformedSecuredPasswordChange";
