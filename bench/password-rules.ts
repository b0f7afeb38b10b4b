import { hashPassword } from "../src/crypto/password.ts";
import { analysedLength } from "../src/directory/password-guessability.ts";
import { checkPassword } from "../src/directory/password-rules.ts";

// How much the guessability check of a new password costs, next to the argon2id hash that
// follows it: `npx node bench/password-rules.ts`. Printed, not targeted: it runs only when a
// password is set, never at sign-in.

const owner = { upn: "mario.rossi@scuola.it", displayName: "Mario Rossi", tenantName: "scuola" };
const samples = 7;

async function median(work: () => Promise<unknown>): Promise<number> {
  const times: number[] = [];
  for (let i = 0; i < samples; i++) {
    const start = performance.now();
    await work().catch(() => undefined);
    times.push(performance.now() - start);
  }
  times.sort((a, b) => a - b);
  return times[Math.floor(samples / 2)] ?? 0;
}

const firstStart = performance.now();
await checkPassword("lampada viola sette", owner);
const first = performance.now() - firstStart;

// Digits and l33t symbols are zxcvbn's slowest input; words its fastest.
const inputs: [string, (n: number) => string][] = [
  ["passphrase", (n) => "la casa sul mare di sera ".repeat(12).slice(0, n)],
  ["l33t mix", (n) => Array.from({ length: n }, (_, i) => "a0@1!3$4s5e7t"[(i * 7) % 13]).join("")],
  ["digits", (n) => Array.from({ length: n }, (_, i) => String((i * 7) % 10)).join("")],
];
console.log(`first check (loads the dictionaries): ${first.toFixed(0)} ms`);
console.log(`analysed length: ${analysedLength} characters`);
for (const [name, make] of inputs) {
  const row: string[] = [];
  for (const n of [16, 32, 64, 256]) {
    row.push(`${n}: ${(await median(() => checkPassword(make(n), owner))).toFixed(1)} ms`);
  }
  console.log(`${name.padEnd(12)} ${row.join("   ")}`);
}
const argon2 = await median(() => hashPassword("lampada viola sette"));
console.log(`argon2id hash, for comparison: ${argon2.toFixed(1)} ms`);
