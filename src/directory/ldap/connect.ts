import type { ConnectionOptions } from "node:tls";
import { Client, InvalidCredentialsError } from "ldapts";
import { VarcoError } from "../../errors/varco-error.ts";
import type { DirectorySettings } from "./settings.ts";

/** A connection's limit: a directory that does not answer in time counts as unreachable. */
const timeoutMs = 5000;

/** What a directory operation needs: the settings and the service account's password. */
export type DirectoryAccess = {
  readonly settings: DirectorySettings;
  readonly bindPassword: string;
};

/**
 * Opens a connection protected by TLS (ldaps://, or StartTLS before anything else is sent),
 * checking the certificate against the configured authority or the system's store, and binds
 * as the service account. Any failure (no answer, a certificate not trusted, the service account
 * refused) is `directory_unavailable`: the caller fails closed. The detail names what failed
 * and never a password.
 */
export async function connectDirectory(access: DirectoryAccess): Promise<Client> {
  const { settings } = access;
  const host = new URL(settings.url).hostname.replace(/^\[|\]$/g, "");
  const tls: ConnectionOptions = {
    // The name the certificate must carry (StartTLS would otherwise check "localhost").
    host,
    ...(settings.caPem ? { ca: [settings.caPem] } : {}),
    rejectUnauthorized: true,
    minVersion: "TLSv1.2",
    // An address is checked against the certificate's IP names; SNI takes only host names.
    ...(/^[\d.]+$|:/.test(host) ? {} : { servername: host }),
  };
  const client = new Client({
    url: settings.url,
    timeout: timeoutMs,
    connectTimeout: timeoutMs,
    ...(settings.startTls ? {} : { tlsOptions: tls }),
  });
  try {
    if (settings.startTls) await client.startTLS(tls);
    await client.bind(settings.bindDn, access.bindPassword);
    return client;
  } catch (error) {
    await closeQuietly(client);
    throw unavailable(error, "service account");
  }
}

/** Ends a connection; a connection already gone is not an error. */
export async function closeQuietly(client: Client): Promise<void> {
  try {
    await client.unbind();
  } catch {
    // Already closed, or the server went away: nothing is left to end.
  }
}

/** The error for a directory that failed: what failed, without any secret. */
export function unavailable(error: unknown, doing: string): VarcoError {
  const what =
    error instanceof InvalidCredentialsError
      ? "the directory refused the service account's DN or password"
      : error instanceof Error
        ? error.message.split("\n")[0]?.slice(0, 200)
        : String(error);
  return new VarcoError("directory_unavailable", `${doing}: ${what}`, { cause: error });
}
