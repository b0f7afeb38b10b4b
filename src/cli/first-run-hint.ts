import type { AddressInfo } from "node:net";
import type { Context } from "../context.ts";
import { anyGlobalAdministratorUser } from "../store/queries/global-administrators.ts";

/**
 * What a person who has just started Varco on a fresh data folder does next, for standard
 * error (standard output carries the JSON request log); undefined once any tenant has a Global
 * Administrator. `address` is the one the server took, `publicUrl` the one people use.
 */
export async function firstRunHint(
  ctx: Context,
  address: AddressInfo | string | null,
  publicUrl: string,
): Promise<string | undefined> {
  if (await anyGlobalAdministratorUser(ctx.store.db)) return undefined;
  const listening = typeof address === "object" && address ? urlOf(address) : publicUrl;
  const where =
    listening === publicUrl
      ? `Varco is listening on ${listening}.`
      : `Varco is listening on ${listening}; people reach it at ${publicUrl} (VARCO_PUBLIC_URL).`;
  return [
    "",
    where,
    "There is no administrator yet. Create the first Global Administrator, with the tenant",
    "and the domain of your organisation's user names:",
    "",
    "  npm run varco -- setup --admin-upn admin@school.it --domain school.it",
    "",
    'with your own user name and domain (--display-name "Scuola Media" names the tenant).',
    "It prints a one-time Temporary Access Pass and the page where you sign in with it.",
    "",
  ].join("\n");
}

/** The address as a URL to open: a wildcard address as the loopback one. */
function urlOf({ address, port }: AddressInfo): string {
  if (address === "0.0.0.0") return `http://127.0.0.1:${port}`;
  if (address === "::") return `http://[::1]:${port}`;
  return `http://${address.includes(":") ? `[${address}]` : address}:${port}`;
}
