import { createSecretKey, randomBytes } from "node:crypto";
import { join } from "node:path";
import { DatabaseSync } from "node:sqlite";
import { hotpNumber } from "../src/otp/hotp-number.ts";
import { logEntryId } from "../src/store/log-entry-id.ts";
import { ownCpuMs } from "./thread-cpu.ts";

// As many validate calls to a write transaction as a group commit takes under the closed loop.
const perTransaction = 27;

/**
 * The least work a validate call's rules require, with no HTTP and none of Varco's own code
 * around it: on the data folder's SQLite file (Varco's schema and indexes, Varco's pragmas), one
 * indexed read of the user and their app, the lockout count taken in the store before the check,
 * the code's HMAC with the seed already opened, the single-use claim of the time step, and the
 * sign-in log line; `perTransaction` calls to a commit. Run in a busy loop in this process, where
 * caches stay warm, so it is below what any server can spend on the same rules. Returns the
 * best round's CPU microseconds per call.
 */
export function rulesFloorMicroseconds(
  dataDir: string,
  options: { rounds: number; calls: number },
) {
  const db = new DatabaseSync(join(dataDir, "varco.db"));
  try {
    db.exec("pragma journal_mode = WAL; pragma synchronous = NORMAL; pragma foreign_keys = ON");
    const users = db.prepare("select tenant_id, upn_key from users").all() as {
      tenant_id: string;
      upn_key: string;
    }[];
    if (users.length === 0) throw new Error("the data folder has no users");
    const read = db.prepare(
      `select u.id as user_id, u.blocked, u.blocked_until, m.id, m.last_step
       from users u join auth_methods m on m.user_id = u.id and m.state = 'active'
       where u.tenant_id = ? and u.upn_key = ?`,
    );
    const count = db.prepare(
      `insert into counters (key, value, expires_at) values (?1, 1, ?2)
       on conflict (key) do update set
         value = case when counters.expires_at <= ?3 then 1 else counters.value + 1 end,
         expires_at = case when counters.expires_at <= ?3 then ?2 else counters.expires_at end
       returning value`,
    );
    const claim = db.prepare(
      "update auth_methods set last_step = ?1 where id = ?2 and last_step < ?1",
    );
    const log = db.prepare(
      `insert into sign_in_log (id, tenant_id, time, user_id, upn, client, ip, user_agent, result,
         reason, method_id, method_kind, correlation_id, mfa, first_factor)
       values (?, ?, ?, ?, ?, 'api', '127.0.0.1', null, 'success', 'success', ?, 'softwareOath',
         null, 'code', null)`,
    );
    const seed = createSecretKey(randomBytes(20));
    const counterBytes = Buffer.alloc(8);
    // Steps above any real one, rising with every call: each claim is an accepted code's write.
    let step = Math.floor(Date.now() / 30_000) + 1_000_000;
    const call = (index: number) => {
      const user = users[index % users.length] as (typeof users)[number];
      const row = read.get(user.tenant_id, user.upn_key) as { user_id: string; id: string };
      const now = Date.now();
      count.get(`mfa-failures:${row.user_id}`, now + 600_000, now);
      hotpNumber(seed, step, "sha1", 1_000_000, counterBytes);
      claim.run(++step, row.id);
      log.run(logEntryId(), user.tenant_id, now, row.user_id, user.upn_key, row.id);
    };
    let best = Number.POSITIVE_INFINITY;
    for (let round = 0; round < options.rounds; round++) {
      const start = process.cpuUsage();
      for (let first = 0; first < options.calls; first += perTransaction) {
        db.exec("begin immediate");
        const end = Math.min(options.calls, first + perTransaction);
        for (let index = first; index < end; index++) call(index);
        db.exec("commit");
      }
      best = Math.min(best, (ownCpuMs(start) * 1000) / options.calls);
    }
    return best;
  } finally {
    db.close();
  }
}
