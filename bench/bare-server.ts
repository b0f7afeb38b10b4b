import { createServer, type Server } from "node:http";
import { fileURLToPath } from "node:url";
import { type ChildServer, startChildServer } from "./child-server.ts";

/**
 * The floor to compare Varco with: plain node:http that reads the JSON body, parses it and
 * answers a fixed reject. No routing, validation, authentication, database or logging.
 */
export function startBareServer(options: { logPath: string; cwd: string }): Promise<ChildServer> {
  return startChildServer({
    args: [fileURLToPath(import.meta.url)],
    env: { PATH: process.env.PATH ?? "" },
    logPath: options.logPath,
    cwd: options.cwd,
    port: 0,
  });
}

function serveBare(): void {
  const answer = JSON.stringify({ result: "reject" });
  const server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on("data", (chunk: Buffer) => chunks.push(chunk));
    request.on("end", () => {
      let status = 200;
      try {
        const body = JSON.parse(Buffer.concat(chunks).toString("utf8")) as { upn?: unknown };
        if (typeof body.upn !== "string") status = 400;
      } catch {
        status = 400;
      }
      response.writeHead(status, {
        "content-type": "application/json; charset=utf-8",
        "content-length": Buffer.byteLength(answer),
      });
      response.end(answer);
    });
  });
  listenAndAnnounce(server);
}

/**
 * Listens on a free port of 127.0.0.1 and writes the line Fastify writes, so one parser
 * (startChildServer) finds the port of any server; on SIGTERM closes it, then runs `onStop`.
 */
export function listenAndAnnounce(server: Server, onStop: () => void = () => {}): void {
  server.listen(0, "127.0.0.1", () => {
    const address = server.address();
    const port = typeof address === "object" && address ? address.port : 0;
    process.stdout.write(
      `${JSON.stringify({ msg: `Server listening at http://127.0.0.1:${port}` })}\n`,
    );
  });
  process.once("SIGTERM", () => {
    server.close();
    server.closeAllConnections();
    onStop();
  });
}

if (import.meta.main) serveBare();
