import { DatabaseSync } from "node:sqlite";
import { parentPort, workerData } from "node:worker_threads";

// The worker thread of background-checkpoint.ts: its own connection to the database, copying the
// WAL back into the database file at each interval without holding up the server's writes.
const { path, intervalMs } = workerData as { path: string; intervalMs: number };
const database = new DatabaseSync(path, { timeout: 5000 });
const checkpoint = database.prepare("pragma wal_checkpoint(passive)");
const timer = setInterval(() => checkpoint.get(), intervalMs);

parentPort?.once("message", () => {
  clearInterval(timer);
  database.close();
  parentPort?.close();
});
