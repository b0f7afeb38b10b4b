import type { Command } from "commander";
import { startHousekeeping } from "../../app/housekeeping.ts";
import { openApp } from "../../app/open-app.ts";
import { loadConfig } from "../../config/load-config.ts";

export function registerServe(program: Command): void {
  program
    .command("serve")
    .description("start the HTTP server")
    .action(async () => {
      // The HTTP server (Fastify, the pages, the contracts) loads here, not for every command.
      const { buildServer } = await import("../../http/build-server.ts");
      const { bufferedStdout } = await import("../../http/log-stream.ts");
      const config = loadConfig();
      const app = await openApp(config, { serving: true });
      const logStream = bufferedStdout();
      const server = await buildServer(app.ctx, {
        logStream,
        logLevel: config.logLevel,
        publicUrl: config.publicUrl,
        trustedProxies: config.trustedProxies,
        metricsToken: config.metricsToken,
      });
      for (const warning of app.warnings) server.log.warn(warning);
      server.log.info({ store: app.ctx.store.kind, dataDir: config.dataDir }, "store ready");
      const stopHousekeeping = startHousekeeping(app.ctx, config, server.log);
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
      await server.listen({ host: config.host, port: config.port });
      // Whoever started the server sees at once that it listens, and where.
      logStream.flush();
    });
}
