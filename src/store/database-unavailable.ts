/**
 * Whether `error` says the database is away or did not answer in time (a restart, a failover, a
 * network fault, a statement timeout), rather than that the query or the data is wrong: such a
 * request answers 503 and may be tried again, and the connection it came from is not reused.
 */
export function isDatabaseUnavailable(error: unknown, depth = 0): boolean {
  if (typeof error !== "object" || error === null || depth > 4) return false;
  const { code, errcode, message, cause, errors } = error as {
    code?: unknown;
    errcode?: unknown;
    message?: unknown;
    cause?: unknown;
    errors?: unknown;
  };
  if (typeof code === "string" && (networkCodes.has(code) || isServerGone(code))) return true;
  // node:sqlite: SQLITE_BUSY once the busy timeout has passed ("database is locked").
  if (code === "ERR_SQLITE_ERROR" && typeof errcode === "number" && (errcode & 0xff) === 5) {
    return true;
  }
  if (typeof message === "string" && driverMessages.some((m) => message.startsWith(m))) return true;
  // A connection to a host with several addresses fails with one error per address.
  if (Array.isArray(errors) && errors.some((e) => isDatabaseUnavailable(e, depth + 1))) return true;
  return isDatabaseUnavailable(cause, depth + 1);
}

const networkCodes = new Set([
  "ECONNREFUSED",
  "ECONNRESET",
  "ECONNABORTED",
  "ETIMEDOUT",
  "EPIPE",
  "EHOSTUNREACH",
  "ENETUNREACH",
  "ENOTFOUND",
  "EAI_AGAIN",
]);

/**
 * PostgreSQL SQLSTATEs (Appendix A of its manual) of a server that is away or refusing work:
 * class 08 (connection exception), 57P01-57P05 (shut down, crashed, cannot connect now, idle
 * session timeout), 57014 (statement timeout), 53300 (too many connections), and the database
 * or login gone (3D000, 28000, 28P01).
 */
function isServerGone(sqlState: string): boolean {
  return (
    /^08[0-9A-Z]{3}$/.test(sqlState) ||
    /^57P0[1-5]$/.test(sqlState) ||
    ["57014", "53300", "3D000", "28000", "28P01"].includes(sqlState)
  );
}

// What node-postgres (pg, pg-pool) says when a connection ends or a timeout passes.
const driverMessages = [
  "Connection terminated",
  "timeout exceeded when trying to connect",
  "Query read timeout",
  "Client has encountered a connection error and is not queryable",
  "Client was closed and is not queryable",
  "Cannot use a pool after calling end on the pool",
];
