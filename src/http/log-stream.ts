import pino from "pino";

/** A log destination that can be told to write out what it holds. */
export type LogStream = pino.DestinationStream & { flush(): void };

/**
 * Where `varco serve` writes its JSON log: stdout, buffered. Rather than a write(2) for every
 * request line, a tenth of what a validate call costs, lines go out when 4 KiB have gathered or a
 * second has passed (as nginx's `access_log … buffer= flush=1s`), and at exit. Sign-ins and changes
 * are recorded in the database, not here, so a crash loses at most a second of request lines.
 */
export function bufferedStdout(): LogStream {
  const stream = pino.destination({ dest: 1, sync: false, minLength: 4096 });
  setInterval(() => stream.flush(), 1000).unref();
  return stream;
}
