import type { TemplateColumn } from "./entra-csv.ts";
import { templateVersion } from "./entra-csv.ts";

/**
 * Entra's bulk-create template ("Bulk create user"), with the columns Varco reads; the others
 * (first name, job title, usage location, address, …) are accepted and ignored. `mail` is not in
 * Entra's template: Varco reads it when a column names it.
 */
export const createColumns = [
  { property: "displayName", heading: "Name [displayName] Required", required: true },
  {
    property: "userPrincipalName",
    heading: "User name [userPrincipalName] Required",
    required: true,
  },
  {
    property: "passwordProfile",
    heading: "Initial password [passwordProfile] Required",
    required: true,
  },
  {
    property: "accountEnabled",
    heading: "Block sign in (Yes/No) [accountEnabled] Required",
    required: true,
  },
  { property: "department", heading: "Department [department]", required: false },
  {
    property: "mobile",
    aliases: ["mobilePhone"],
    heading: "Mobile phone [mobile]",
    required: false,
  },
  { property: "mail", heading: "Email [mail]", required: false },
] as const satisfies readonly TemplateColumn[];

/** Entra's bulk-delete template ("Bulk delete user"). */
export const deleteColumns = [
  {
    property: "userPrincipalName",
    heading: "User name [userPrincipalName] Required",
    required: true,
  },
] as const satisfies readonly TemplateColumn[];

/** Entra's create template as it downloads, Varco's e-mail column at the end. */
const createTemplateHeadings = [
  "Name [displayName] Required",
  "User name [userPrincipalName] Required",
  "Initial password [passwordProfile] Required",
  "Block sign in (Yes/No) [accountEnabled] Required",
  "First name [givenName]",
  "Last name [surname]",
  "Job title [jobTitle]",
  "Department [department]",
  "Usage location [usageLocation]",
  "Street address [streetAddress]",
  "State or province [state]",
  "Country or region [country]",
  "Office [physicalDeliveryOfficeName]",
  "City [city]",
  "ZIP or postal code [postalCode]",
  "Office phone [telephoneNumber]",
  "Mobile phone [mobile]",
  "Email [mail]",
];

/** The file an administrator downloads and fills in: the version line and the header row. */
export function bulkTemplate(kind: "create" | "delete"): string {
  const headings = kind === "create" ? createTemplateHeadings : deleteColumns.map((c) => c.heading);
  return `${templateVersion}\r\n${headings.join(",")}\r\n`;
}
