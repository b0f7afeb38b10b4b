import { VarcoError } from "../errors/varco-error.ts";

/** The administrator roles of Entra's MFA help pages and the User Administrator, by the names of Microsoft Entra's built-in roles. */
export const roles = [
  "globalAdministrator",
  "authenticationPolicyAdministrator",
  "authenticationAdministrator",
  "privilegedAuthenticationAdministrator",
  "helpdeskAdministrator",
  "securityReader",
  "userAdministrator",
] as const;

export type Role = (typeof roles)[number];

export const roleDisplayNames: Record<Role, string> = {
  globalAdministrator: "Global Administrator",
  authenticationPolicyAdministrator: "Authentication Policy Administrator",
  authenticationAdministrator: "Authentication Administrator",
  privilegedAuthenticationAdministrator: "Privileged Authentication Administrator",
  helpdeskAdministrator: "Helpdesk Administrator",
  securityReader: "Security Reader",
  userAdministrator: "User Administrator",
};

/** Entra's template ids of the same roles: Graph's roleDefinitionId, so scripts carry over. */
export const roleTemplateIds: Record<Role, string> = {
  globalAdministrator: "62e90394-69f5-4237-9190-012177145e10",
  authenticationPolicyAdministrator: "0526716b-113d-4c15-b2c8-68e3c22b9f80",
  authenticationAdministrator: "c4e39bd9-1100-46d3-8c65-fb160da0071f",
  privilegedAuthenticationAdministrator: "7be44c8a-adaf-4e2a-84d6-ab2649e08a13",
  helpdeskAdministrator: "729827e3-9c14-49f7-bb1b-9608f156bbb8",
  securityReader: "5d6b6bb7-de71-4623-b4af-96380a352509",
  userAdministrator: "fe930be7-5e62-47db-91af-98c3a49a38b1",
};

/** A role from its id (`helpdeskAdministrator`), its display name in any case, or its template id. */
export function parseRole(text: string): Role {
  const wanted = text.replace(/[\s_-]/g, "").toLowerCase();
  const found = roles.find(
    (role) => role.toLowerCase() === wanted || roleTemplateIds[role] === text.trim().toLowerCase(),
  );
  if (!found) {
    throw new VarcoError(
      "invalid_request",
      `unknown role '${text.slice(0, 80)}': one of ${roles.join(", ")}`,
    );
  }
  return found;
}
