import { Agent, request } from "node:http";

export type JsonAnswer = { readonly body: unknown; readonly setCookie: readonly string[] };

/**
 * POSTs JSON to `base` over at most `connections` keep-alive connections with node:http. The
 * load generator shares the machine with the server, and fetch costs it about as much CPU per
 * request as the server spends answering: this costs a fraction of that.
 */
export function jsonClient(base: string, connections: number) {
  const agent = new Agent({ keepAlive: true, maxSockets: connections });
  const { hostname, port } = new URL(base);
  const post = (
    path: string,
    body: unknown,
    cookie?: string,
    authorization?: string,
  ): Promise<JsonAnswer> =>
    new Promise((resolve, reject) => {
      const payload = JSON.stringify(body);
      const req = request(
        {
          agent,
          hostname,
          port,
          path,
          method: "POST",
          headers: {
            "content-type": "application/json",
            "content-length": Buffer.byteLength(payload),
            ...(cookie ? { cookie } : {}),
            ...(authorization ? { authorization } : {}),
          },
        },
        (response) => {
          const chunks: Buffer[] = [];
          response.on("data", (chunk: Buffer) => chunks.push(chunk));
          response.on("end", () => {
            const text = Buffer.concat(chunks).toString("utf8");
            resolve({ body: JSON.parse(text), setCookie: response.headers["set-cookie"] ?? [] });
          });
          response.on("error", reject);
        },
      );
      req.on("error", reject);
      req.end(payload);
    });
  return { post, close: () => agent.destroy() };
}
