import type { DatabaseSync } from "node:sqlite";
import { Worker } from "node:worker_threads";

export type BackgroundCheckpoint = { stop(): Promise<void> };

// How often the worker copies the WAL back: at a few thousand writes a second the WAL then stays
// at a few megabytes.
const intervalMs = 200;
// SQLite's own default, for when the worker is gone.
const autoCheckpointPages = 1000;

/**
 * Moves WAL checkpoints off the event loop. SQLite's automatic checkpoint runs inside the commit
 * that fills 1,000 pages, and copying those pages and syncing the file blocks the server's one
 * thread for about 10 ms, a stall every request in flight waits out. Instead the serving
 * connection never checkpoints, and a worker thread with its own connection runs passive
 * checkpoints, which neither wait for nor block writers. Should the worker fail, the connection
 * goes back to checkpointing itself, so the WAL never grows without end.
 */
export function checkpointInBackground(database: DatabaseSync, path: string): BackgroundCheckpoint {
  database.exec("pragma wal_autocheckpoint = 0");
  const worker = new Worker(new URL("./wal-checkpointer.ts", import.meta.url), {
    workerData: { path, intervalMs },
  });
  // A command that forgets to close its store can still exit.
  worker.unref();
  let stopping = false;
  const exited = new Promise<void>((resolve) => worker.once("exit", () => resolve()));
  const checkpointHere = () => {
    if (!stopping && database.isOpen) {
      database.exec(`pragma wal_autocheckpoint = ${autoCheckpointPages}`);
    }
  };
  worker.once("error", checkpointHere);
  worker.once("exit", checkpointHere);
  return {
    async stop() {
      stopping = true;
      // Waited for, so it must keep the process alive: a server that fails to start closes its
      // store with nothing else left running, and the exit would cut the wait short.
      worker.ref();
      worker.postMessage("stop");
      await exited;
    },
  };
}
