import { createServer } from "node:http";
import { fileURLToPath } from "node:url";
import {
  type ApiClient,
  authenticateApiKey,
  cachedApiClient,
  rereadApiKey,
} from "../src/api-keys/authenticate-api-key.ts";
import { openApp } from "../src/app/open-app.ts";
import { loadConfig } from "../src/config/load-config.ts";
import { validateSecondFactor } from "../src/flows/validate-second-factor.ts";
import { listenAndAnnounce } from "./bare-server.ts";
import { type ChildServer, startChildServer } from "./child-server.ts";

/**
 * Varco's validate flow behind the bare server instead of Varco's HTTP layer: plain node:http
 * reads and parses the body as bare-server.ts does, takes the API key as the route's hook does
 * (the cache first), runs validateSecondFactor, waits for the group commit as the route does,
 * and answers. No routing, schemas, hooks, request log or metrics. Its CPU per request over the
 * bare server's is what the flow and its store work cost however cheap the HTTP layer became.
 */
export function startBareFlowServer(options: {
  /** Node's own arguments, before the script's. */
  nodeArgs: readonly string[];
  env: Record<string, string>;
  logPath: string;
  cwd: string;
}): Promise<ChildServer> {
  return startChildServer({
    args: [...options.nodeArgs, fileURLToPath(import.meta.url)],
    env: { PATH: process.env.PATH ?? "", ...options.env },
    logPath: options.logPath,
    cwd: options.cwd,
    port: 0,
  });
}

async function serveBareFlow(): Promise<void> {
  const app = await openApp(loadConfig(), { serving: true });
  const { ctx } = app;
  const answer = async (
    key: string,
    body: Buffer,
    origin: { ip: string | null; userAgent: string | null },
  ): Promise<{ status: number; text: string }> => {
    const client: ApiClient | undefined =
      cachedApiClient(ctx, key) ?? (await authenticateApiKey(ctx, key));
    if (!client) return { status: 401, text: '{"error":"unauthorized"}' };
    const { upn, code } = JSON.parse(body.toString("utf8")) as { upn: string; code: string };
    const outcome = await validateSecondFactor(
      ctx,
      client,
      { upn, code, ...origin, correlationId: null },
      () => rereadApiKey(ctx, key),
    );
    await ctx.store.settled();
    return { status: 200, text: JSON.stringify({ result: outcome.result }) };
  };
  const server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on("data", (chunk: Buffer) => chunks.push(chunk));
    request.on("end", () => {
      const key = (request.headers.authorization ?? "").replace(/^Bearer /, "");
      const origin = {
        ip: request.socket.remoteAddress ?? null,
        userAgent: request.headers["user-agent"] ?? null,
      };
      answer(key, Buffer.concat(chunks), origin).then(
        ({ status, text }) => {
          response.writeHead(status, {
            "content-type": "application/json; charset=utf-8",
            "content-length": Buffer.byteLength(text),
          });
          response.end(text);
        },
        () => {
          response.writeHead(500).end();
        },
      );
    });
  });
  listenAndAnnounce(server, () => void app.close());
}

if (import.meta.main) await serveBareFlow();
