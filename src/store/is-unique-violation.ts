/** True when a database error says a unique constraint refused the row (PostgreSQL or SQLite). */
export function isUniqueViolation(error: unknown): boolean {
  if (typeof error !== "object" || error === null) return false;
  const { code, errcode } = error as { code?: unknown; errcode?: unknown };
  // 23505: PostgreSQL unique_violation; 2067/1555: SQLITE_CONSTRAINT_UNIQUE/PRIMARYKEY.
  return code === "23505" || errcode === 2067 || errcode === 1555;
}
