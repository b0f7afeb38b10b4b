import { fileURLToPath } from "node:url";
import { openApp } from "../src/app/open-app.ts";
import { loadConfig } from "../src/config/load-config.ts";
import { requireApiClient } from "../src/http/api-client-of.ts";
import { buildServer } from "../src/http/build-server.ts";
import { bufferedStdout } from "../src/http/log-stream.ts";
import { ValidateRequest, ValidateResult } from "../src/http/routes/validate.ts";
import { type ChildServer, startChildServer } from "./child-server.ts";

/**
 * Varco's HTTP layer alone: the server `varco serve` builds (its hooks, logging, metrics and
 * commit wait), with one more route, PUT /api/v1/validate, that takes the validate route's API-key
 * check, body schema and answer schema, and answers `reject` without running the flow. On the
 * validate route's own path, every hook treats it as it treats validate (no CSRF check, its
 * request log line at debug). Its CPU per request is what a validate call costs before it reads
 * the database: the part of the budget the flow cannot use.
 */
export function startHttpLayerServer(options: {
  env: Record<string, string>;
  logPath: string;
  cwd: string;
}): Promise<ChildServer> {
  return startChildServer({
    args: [fileURLToPath(import.meta.url)],
    env: { PATH: process.env.PATH ?? "", ...options.env, VARCO_PORT: "0" },
    logPath: options.logPath,
    cwd: options.cwd,
    port: 0,
  });
}

async function serveHttpLayer(): Promise<void> {
  const config = loadConfig();
  const app = await openApp(config, { serving: true });
  const logStream = bufferedStdout();
  const server = await buildServer(app.ctx, {
    logStream,
    logLevel: config.logLevel,
    metricsToken: config.metricsToken,
  });
  server.put(
    "/api/v1/validate",
    {
      onRequest: requireApiClient(app.ctx),
      schema: { body: ValidateRequest, response: { 200: ValidateResult } },
    },
    async () => ({ result: "reject" }),
  );
  await server.listen({ host: "127.0.0.1", port: config.port });
  logStream.flush();
  process.once("SIGTERM", () => {
    void server.close().then(() => app.close());
  });
}

if (import.meta.main) await serveHttpLayer();
