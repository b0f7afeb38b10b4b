import { createServer } from "node:net";
import { VarcoError } from "../errors/varco-error.ts";

export type Reservation = { release(): Promise<void> };

/**
 * Holds `host:port` while the server starts, so that a second `varco serve` on an address in
 * use stops before it touches the database (migrations, housekeeping): listening comes first.
 * Connections that arrive meanwhile are closed at once. Port 0 (any free port) needs nothing.
 */
export async function reserveAddress(host: string, port: number): Promise<Reservation> {
  if (port === 0) return { release: async () => {} };
  const server = createServer((socket) => socket.destroy());
  await new Promise<void>((resolve, reject) => {
    server.once("error", (error) => reject(cannotListen(error, host, port)));
    server.listen({ host, port }, resolve);
  });
  return {
    release: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/** The error for a failed listen, naming the settings and what to do. */
export function cannotListen(error: unknown, host: string, port: number): VarcoError {
  const code = (error as NodeJS.ErrnoException).code;
  const address = `${host}:${port} (VARCO_HOST, VARCO_PORT)`;
  const detail =
    code === "EADDRINUSE"
      ? `${address} is in use by another process: stop it, or choose another VARCO_PORT`
      : code === "EACCES"
        ? `${address} may not be used by this user: choose a VARCO_PORT above 1023`
        : code === "EADDRNOTAVAIL" || code === "ENOTFOUND"
          ? `${address}: ${host} is not an address of this machine`
          : `${address}: ${(error as Error).message}`;
  return new VarcoError("cannot_listen", detail, { cause: error });
}
