import type { Actor } from "../context.ts";
import type { User } from "../directory/types.ts";
import type { ClientInfo } from "./types.ts";

/** The audit log's actor for what users do themselves. */
export function userActor(user: User, client: ClientInfo): Actor {
  return { type: "user", id: user.id, name: user.upn, ip: client.ip };
}
