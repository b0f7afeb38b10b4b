/** What the tenant's own admin pages show: its domains and its SCIM tokens. Times are epoch ms. */

/** `/admin/domains`: the tenant's domains, the form to add one, and why an addition was refused. */
export type AdminDomainsModel = {
  domains: { name: string; createdAt: number }[];
  /** The name as typed, shown again when it is refused. */
  typed: string;
  notice?: string;
  error?: string;
};

/** `/admin/scim-tokens`: the tenant's SCIM tokens (never the tokens themselves) and the form. */
export type AdminScimTokensModel = {
  tokens: {
    id: string;
    name: string;
    createdAt: number;
    lastUsedAt: number | null;
    revokedAt: number | null;
  }[];
  typed: string;
  notice?: string;
  error?: string;
};

/** The answer to "Create": the token, shown this once, and the address it is used with. */
export type AdminScimTokenCreatedModel = {
  name: string;
  token: string;
  scimUrl: string;
};

/** The page that asks before a domain is removed or a SCIM token revoked. */
export type AdminTenantConfirmModel = {
  kind: "removeDomain" | "revokeScimToken";
  /** The domain, or the token's name. */
  subject: string;
  /** Where the confirming form posts. */
  action: string;
};
