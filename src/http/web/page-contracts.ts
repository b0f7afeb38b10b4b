import { type TProperties, type TSchema, Type } from "typebox";

// The shapes of the pages' forms and query strings, as their routes state them: one schema per
// form, checked before the handler runs (a refused one answers the error page, 400).

/**
 * A form of the pages: its fields, and the CSRF token every form carries (csrf-check.ts checks
 * it, before this shape is); no field it does not name.
 */
export const pageForm = <P extends TProperties>(fields: P) =>
  Type.Object(
    { _csrf: Type.Optional(Type.String({ maxLength: 64 })), ...fields },
    { additionalProperties: false },
  );

/** A page's query string: the fields it reads, and the language switch every page has. */
export const pageQuery = <P extends TProperties>(fields: P) =>
  Type.Object({ lang: Type.Optional(Type.String({ maxLength: 8 })), ...fields });

/** A text field of at most `maxLength` characters. */
export const text = (maxLength: number) => Type.String({ maxLength });
export const optionalText = (maxLength: number) => Type.Optional(text(maxLength));

/** A checkbox: present ("on") when ticked. */
export const Checkbox = Type.Optional(Type.Enum(["on", "1"]));

/** The `:id` of a path. */
export const IdParams = Type.Object({ id: text(100) });

/** The tenant a sign-in form names, or `?tenant=`; the default tenant without. */
export const TenantField = optionalText(63);

/** The same shape for each of `names`. */
export const fieldsNamed = <const N extends readonly string[], S extends TSchema>(
  names: N,
  schema: S,
) => Object.fromEntries(names.map((name) => [name, schema])) as { [K in N[number]]: S };
