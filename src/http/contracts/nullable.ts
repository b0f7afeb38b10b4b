import {
  type Static,
  type TBoolean,
  type TInteger,
  type TString,
  type TUnsafe,
  Type,
} from "typebox";

/**
 * A string, integer or boolean that may also be null: JSON Schema's `type: [t, "null"]`, which
 * the serializer writes without trying each branch of an anyOf.
 */
export function Nullable<T extends TString | TInteger | TBoolean>(
  schema: T,
): TUnsafe<Static<T> | null> {
  return Type.Unsafe<Static<T> | null>({ ...schema, type: [schema.type, "null"] });
}

/** A time as ISO 8601 (`2026-11-22T09:00:00.000Z`). */
export const DateTime = Type.String({ format: "date-time" });

/** Milliseconds since the epoch as ISO 8601. */
export const isoTime = (ms: number | string): string => new Date(Number(ms)).toISOString();

/** The same, or null for no time. */
export const isoTimeOrNull = (ms: number | null): string | null =>
  ms === null ? null : isoTime(ms);
