import { phoneTypes } from "../../methods/phone/phone-types.ts";
import type { PhoneOnFile } from "../../methods/phone/phone-use.ts";
import { oathKinds } from "../../methods/types.ts";
import type { Db } from "../open-store.ts";
import { preparedQuery } from "../prepared-query.ts";
import type { AuthMethodsTable } from "../schema.ts";
import { secondFactorCounterKey } from "./lockouts.ts";
import { type OathSecretRow, toOathSecret } from "./methods.ts";

const selectSituation = preparedQuery(
  (db, args: { userId: string; counter: string; now: number }) =>
    db
      .selectFrom("users as u")
      .leftJoin("auth_methods as m", (join) =>
        join
          .onRef("m.user_id", "=", "u.id")
          .on("m.state", "=", "active")
          .on("m.kind", "in", oathKinds),
      )
      .selectAll("m")
      .select((eb) => [
        eb
          .selectFrom("counters")
          .select("value")
          .where("key", "=", args.counter)
          .where("expires_at", ">", args.now)
          .as("failures"),
        eb
          .selectFrom("counters")
          .select("expires_at")
          .where("key", "=", args.counter)
          .where("expires_at", ">", args.now)
          .as("failures_expire_at"),
        eb
          .selectFrom("backup_codes")
          .select((eb) => eb.fn.countAll<number>().as("count"))
          .where("user_id", "=", args.userId)
          .where("used_at", "is", null)
          .as("backup_codes_left"),
        eb
          .selectFrom("passkey_credentials")
          .select((eb) => eb.fn.countAll<number>().as("count"))
          .where("user_id", "=", args.userId)
          .as("passkeys"),
        ...phoneTypes.map((type) =>
          eb
            .selectFrom("phone_methods")
            .select("phone_number")
            .where("user_id", "=", args.userId)
            .where("phone_type", "=", type)
            .as(`phone_${type}`),
        ),
      ])
      .where("u.id", "=", args.userId)
      .orderBy("m.is_default", "desc")
      .orderBy("m.created_at"),
);

/** What the sign-in gates read about a user whose first factor is proven. */
export type SignInSituationRows = {
  /** Active OATH methods with their sealed seeds, the default first (listActiveOathSecrets). */
  readonly methods: OathSecretRow[];
  /** The live second-factor failure counter (second-factor-lockout.ts), if any. */
  readonly failures: { readonly value: number; readonly expiresAt: number } | undefined;
  readonly backupCodesLeft: number;
  /** How many passkeys and security keys the user has. */
  readonly passkeys: number;
  /** The user's phones, mobile first. */
  readonly phones: PhoneOnFile[];
};

/**
 * In one read: the user's active OATH methods, their second-factor failure count, the backup
 * codes they have left, how many passkeys they have, and their phones. Nothing when the user is gone.
 */
export async function readSignInSituation(
  db: Db,
  userId: string,
  now: number,
): Promise<SignInSituationRows> {
  const { rows } = await selectSituation(db, {
    userId,
    counter: secondFactorCounterKey(userId),
    now,
  });
  const first = rows[0];
  const methods: OathSecretRow[] = [];
  for (const row of rows) {
    if (row.id !== null) methods.push(toOathSecret(row as unknown as AuthMethodsTable));
  }
  return {
    methods,
    failures:
      first?.failures == null || first.failures_expire_at == null
        ? undefined
        : { value: Number(first.failures), expiresAt: Number(first.failures_expire_at) },
    backupCodesLeft: Number(first?.backup_codes_left ?? 0),
    passkeys: Number(first?.passkeys ?? 0),
    phones: phoneTypes.flatMap((phoneType) => {
      const phoneNumber = first?.[`phone_${phoneType}`];
      return typeof phoneNumber === "string" ? [{ phoneType, phoneNumber }] : [];
    }),
  };
}
