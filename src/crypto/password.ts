import { type Algorithm, hash as argon2Hash, verify as argon2Verify } from "@node-rs/argon2";
import { onePerCore } from "./one-per-core.ts";
import { randomToken } from "./random.ts";

/** OWASP Password Storage Cheat Sheet, argon2id minimum: 19 MiB, 2 passes, 1 lane. */
export const passwordHashParameters = Object.freeze({
  memoryCost: 19456,
  timeCost: 2,
  parallelism: 1,
});

// The package declares Algorithm as a const enum, which type stripping cannot inline.
const argon2id = 2 as Algorithm;

const hashing = onePerCore();

/**
 * argon2id hash of a password as a PHC string (`$argon2id$v=19$m=19456,t=2,p=1$…`), with a
 * fresh salt. Computed on the libuv thread pool, one hash per core at a time, so the event loop
 * keeps serving meanwhile.
 */
export function hashPassword(password: string): Promise<string> {
  return hashing(() => argon2Hash(password, { ...passwordHashParameters, algorithm: argon2id }));
}

/**
 * True when `password` matches `hash`. A malformed or foreign hash gives false, not an error,
 * so a damaged row reads as a wrong password instead of a different answer.
 */
export async function verifyPassword(hash: string, password: string): Promise<boolean> {
  try {
    return await hashing(() => argon2Verify(hash, password));
  } catch {
    return false;
  }
}

let dummyHash: Promise<string> | undefined;

/**
 * A hash of a random password nobody knows, computed once on first use: verifying against it
 * for an unknown user costs the same time as for a real one, so timing does not tell them apart.
 */
export function dummyPasswordHash(): Promise<string> {
  if (dummyHash === undefined) {
    const pending = hashPassword(randomToken());
    dummyHash = pending;
    // A failed attempt is not cached: the next caller tries again.
    pending.catch(() => {
      if (dummyHash === pending) dummyHash = undefined;
    });
  }
  return dummyHash;
}
