import { readFileSync } from "node:fs";
import { VarcoError } from "../errors/varco-error.ts";
import { type Config, type Setting, settings } from "./settings.ts";

/**
 * Reads the configuration from the environment and the optional JSON file named by VARCO_CONFIG,
 * and checks every value. All problems are reported together, each naming its key.
 */
export function loadConfig(env: Record<string, string | undefined> = process.env): Config {
  const file = readConfigFile(env.VARCO_CONFIG);
  const problems: string[] = [];
  const known = new Set(Object.values(settings).map((s) => s.key));
  for (const key of Object.keys(file)) {
    if (!known.has(key)) problems.push(`${env.VARCO_CONFIG}: unknown key "${key}"`);
  }
  const config: Record<string, unknown> = {};
  for (const [name, setting] of Object.entries(settings) as [string, Setting<unknown>][]) {
    const fromEnv = env[setting.env];
    const fromFile = file[setting.key];
    const raw = fromEnv !== undefined && fromEnv !== "" ? fromEnv : fromFile;
    const source = raw === fromEnv ? setting.env : `${setting.key} in ${env.VARCO_CONFIG}`;
    if (raw === undefined || raw === "") {
      config[name] = setting.default;
      continue;
    }
    try {
      config[name] = setting.parse(Array.isArray(raw) ? raw.join(",") : String(raw));
    } catch (error) {
      // Parsers of secret settings never quote the value, so the message is safe to show.
      problems.push(`${source} ${(error as Error).message}`);
    }
  }
  if (problems.length > 0) throw new VarcoError("invalid_config", problems.join("; "));
  const publicUrlGiven = [env[settings.publicUrl.env], file[settings.publicUrl.key]].some(
    (value) => value !== undefined && value !== "",
  );
  if (!publicUrlGiven) config.publicUrl = publicUrlOf(config.host as string, config.port as number);
  return config as Config;
}

/**
 * The address people reach a server at when VARCO_PUBLIC_URL is not set: where it listens, with a
 * wildcard address read as this machine. Port 0 is only known after listening: the default then.
 */
function publicUrlOf(host: string, port: number): string {
  if (port === 0) return settings.publicUrl.default;
  const reachable = host === "0.0.0.0" || host === "::" ? "127.0.0.1" : host;
  return new URL(`http://${reachable.includes(":") ? `[${reachable}]` : reachable}:${port}`).origin;
}

function readConfigFile(path: string | undefined): Record<string, unknown> {
  if (!path) return {};
  let parsed: unknown;
  try {
    parsed = JSON.parse(readFileSync(path, "utf8"));
  } catch (error) {
    // JSON.parse's message quotes the text around the error, which may be a secret: never show it.
    const reason =
      error instanceof SyntaxError
        ? "is not valid JSON"
        : `cannot be read (${(error as NodeJS.ErrnoException).code})`;
    throw new VarcoError("invalid_config", `VARCO_CONFIG ${path} ${reason}`);
  }
  if (typeof parsed !== "object" || parsed === null || Array.isArray(parsed)) {
    throw new VarcoError("invalid_config", `VARCO_CONFIG ${path}: must hold a JSON object`);
  }
  return parsed as Record<string, unknown>;
}
