/**
 * A PostgreSQL URL as it may be shown: user, host, port and database, never the password or
 * the parameters (which may hold one).
 */
export function describeDatabaseUrl(url: string): string {
  try {
    const parsed = new URL(url);
    const user = parsed.username ? `${decodeURIComponent(parsed.username)}@` : "";
    return `${parsed.protocol}//${user}${parsed.host}${parsed.pathname}`;
  } catch {
    return "a URL that cannot be read";
  }
}

/** What went wrong, in the driver's words: a connection's several failures give the first. */
export function reasonOf(error: unknown): string {
  const { message, errors, code } = (error ?? {}) as {
    message?: unknown;
    errors?: unknown;
    code?: unknown;
  };
  if (typeof message === "string" && message !== "") return message;
  if (Array.isArray(errors) && errors.length > 0) return reasonOf(errors[0]);
  return typeof code === "string" ? code : String(error);
}
