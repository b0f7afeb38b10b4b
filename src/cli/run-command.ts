import { userInfo } from "node:os";
import { type App, openApp } from "../app/open-app.ts";
import { loadConfig } from "../config/load-config.ts";
import { unknownVariableWarnings } from "../config/unknown-variables.ts";
import type { Actor } from "../context.ts";

export type Output = { json: boolean; print(human: string, json: unknown): void };

/** Runs one CLI command with the app open, and closes it whatever happens. */
export async function runCommand(
  options: { json?: boolean; ticket?: string | undefined },
  work: (app: App, actor: Actor, output: Output) => Promise<void>,
): Promise<void> {
  for (const warning of unknownVariableWarnings(process.env)) {
    process.stderr.write(`warning: ${warning}\n`);
  }
  const app = await openApp(loadConfig());
  for (const warning of app.warnings) process.stderr.write(`warning: ${warning}\n`);
  const json = options.json === true;
  const output: Output = {
    json,
    print(human, value) {
      process.stdout.write(json ? `${JSON.stringify(value, null, 2)}\n` : `${human}\n`);
    },
  };
  try {
    await work(app, withTicket(cliActor(), options.ticket), output);
  } finally {
    await app.close();
  }
}

function cliActor(): Actor {
  let name = "cli";
  try {
    name = `cli:${userInfo().username}`;
  } catch {
    // No user name (a container without passwd entry): "cli" is enough.
  }
  return { type: "cli", id: null, name };
}

/** The actor, carrying the ticket of the identity check done when one is given. */
function withTicket(actor: Actor, ticket: string | undefined): Actor {
  const reference = ticket?.trim().slice(0, 200);
  return reference ? { ...actor, ticket: reference } : actor;
}

/** Reads a secret from standard input (a password), without the final newline. */
export async function readStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks)
    .toString("utf8")
    .replace(/\r?\n$/, "");
}

export function formatTime(ms: number | null): string {
  return ms === null ? "-" : new Date(ms).toISOString();
}
