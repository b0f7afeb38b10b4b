import { availableParallelism } from "node:os";

// One libuv thread per core, unless the operator chose otherwise. argon2id hashes run there, and
// on two cores two threads verify about a fifth more passwords per second than libuv's default
// four, which fight over the cores and the caches. Imported first by main.ts: the pool reads
// this when it starts, at its first use.
process.env.UV_THREADPOOL_SIZE ??= String(availableParallelism());
