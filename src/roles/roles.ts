import { VarcoError } from "../errors/varco-error.ts";

/** Seed 003's administrator roles, by the names of Microsoft Entra's built-in roles. */
export const roles = [
  "globalAdministrator",
  "authenticationPolicyAdministrator",
  "authenticationAdministrator",
  "privilegedAuthenticationAdministrator",
  "helpdeskAdministrator",
  "securityReader",
] as const;

export type Role = (typeof roles)[number];

export const roleDisplayNames: Record<Role, string> = {
  globalAdministrator: "Global Administrator",
  authenticationPolicyAdministrator: "Authentication Policy Administrator",
  authenticationAdministrator: "Authentication Administrator",
  privilegedAuthenticationAdministrator: "Privileged Authentication Administrator",
  helpdeskAdministrator: "Helpdesk Administrator",
  securityReader: "Security Reader",
};

/** A role from its id (`helpdeskAdministrator`) or its display name, in any case. */
export function parseRole(text: string): Role {
  const wanted = text.replace(/[\s_-]/g, "").toLowerCase();
  const found = roles.find((role) => role.toLowerCase() === wanted);
  if (!found) {
    throw new VarcoError("invalid_request", `unknown role '${text}': one of ${roles.join(", ")}`);
  }
  return found;
}
