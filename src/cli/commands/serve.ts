import type { Command } from "commander";
import { startHousekeeping } from "../../app/housekeeping.ts";
import { openApp } from "../../app/open-app.ts";
import { loadConfig } from "../../config/load-config.ts";
import { unknownVariableWarnings } from "../../config/unknown-variables.ts";
import { cannotListen, reserveAddress } from "../../http/reserve-address.ts";
import { firstRunHint } from "../first-run-hint.ts";

export function registerServe(program: Command): void {
  program
    .command("serve")
    .description("start the HTTP server")
    .action(async () => {
      // The HTTP server (Fastify, the pages, the contracts) loads here, not for every command.
      const { buildServer } = await import("../../http/build-server.ts");
      const { bufferedStdout } = await import("../../http/log-stream.ts");
      const config = loadConfig();
      const warnings = unknownVariableWarnings(process.env);
      // The address first: a second server on a port in use stops before touching the database.
      const reservation = await reserveAddress(config.host, config.port);
      let app: Awaited<ReturnType<typeof openApp>>;
      try {
        app = await openApp(config, { serving: true });
      } catch (error) {
        // No log yet: a typo in a variable name may be why it failed.
        for (const warning of warnings) process.stderr.write(`warning: ${warning}\n`);
        throw error;
      } finally {
        await reservation.release();
      }
      const logStream = bufferedStdout();
      const server = await buildServer(app.ctx, {
        logStream,
        logLevel: config.logLevel,
        publicUrl: config.publicUrl,
        trustedProxies: config.trustedProxies,
        metricsToken: config.metricsToken,
      });
      for (const warning of [...warnings, ...app.warnings]) {
        server.log.warn(warning);
      }
      server.log.info({ store: app.ctx.store.kind, dataDir: config.dataDir }, "store ready");
      let stopHousekeeping = () => {};
      let stopping = false;
      const stop = async (signal: string) => {
        if (stopping) return;
        stopping = true;
        server.log.info({ signal }, "shutting down");
        stopHousekeeping();
        // Fastify stops accepting, finishes requests in flight, then the store closes.
        await server.close();
        await app.close();
      };
      process.once("SIGTERM", () => void stop("SIGTERM"));
      process.once("SIGINT", () => void stop("SIGINT"));
      try {
        await server.listen({ host: config.host, port: config.port });
      } catch (error) {
        await server.close();
        await app.close();
        logStream.flush();
        throw cannotListen(error, config.host, config.port);
      }
      // Whoever started the server sees at once that it listens, and where.
      logStream.flush();
      // Until a Global Administrator exists, the next step, where a person starting it reads it.
      const hint = await firstRunHint(app.ctx, server.server.address(), config.publicUrl).catch(
        (error: unknown) => void server.log.warn({ err: error }, "first-run check failed"),
      );
      if (hint) process.stderr.write(`${hint}\n`);
      // Only a server that listens does the housekeeping.
      stopHousekeeping = startHousekeeping(app.ctx, config, server.log);
    });
}
