import type { FastifyInstance, InjectOptions } from "fastify";

/** A cookie-keeping client over `server.inject`, like one browser. */
export function browserLike(server: FastifyInstance, headers: Record<string, string> = {}) {
  const jar = new Map<string, string>();
  return {
    jar,
    async request(options: InjectOptions) {
      const cookie = [...jar].map(([k, v]) => `${k}=${v}`).join("; ");
      const response = await server.inject({
        ...options,
        headers: { ...headers, ...(cookie ? { cookie } : {}), ...(options.headers ?? {}) },
      });
      for (const c of response.cookies as {
        name: string;
        value: string;
        maxAge?: number;
        expires?: Date;
      }[]) {
        const expired =
          c.maxAge === 0 || (c.expires !== undefined && c.expires.getTime() < Date.now());
        if (expired || c.value === "") jar.delete(c.name);
        else jar.set(c.name, c.value);
      }
      return response;
    },
    json(method: "GET" | "POST", url: string, body?: unknown) {
      return this.request({
        method,
        url,
        ...(body === undefined ? {} : { payload: body as object }),
      });
    },
  };
}
