import { isIP } from "node:net";
import { parseCidr } from "../network/ip-ranges.ts";

/**
 * Every setting Varco reads, with its default: the one documented place. Each is read from the
 * environment variable `env`, or from the JSON file named by VARCO_CONFIG under `key`; the
 * environment wins. `parse` throws a message naming what is wrong; secrets are never echoed.
 */
export type Setting<T> = {
  readonly env: string;
  readonly key: string;
  readonly description: string;
  readonly secret?: boolean;
  readonly default: T;
  readonly parse: (text: string) => T;
};

const logLevels = ["fatal", "error", "warn", "info", "debug", "trace", "silent"] as const;
export type LogLevel = (typeof logLevels)[number];

function text(text: string): string {
  return text;
}

function integer(min: number, max: number) {
  return (text: string): number => {
    const value = Number(text);
    if (!/^\d+$/.test(text.trim()) || !Number.isInteger(value) || value < min || value > max) {
      throw new Error(`must be an integer from ${min} to ${max}, got ${JSON.stringify(text)}`);
    }
    return value;
  };
}

export const settings = {
  dataDir: {
    env: "VARCO_DATA_DIR",
    key: "dataDir",
    description: "Folder for the SQLite database, the master key file and the outbox.",
    default: "./data",
    parse(value: string) {
      if (value.trim() === "") throw new Error("must not be empty");
      return value;
    },
  },
  host: {
    env: "VARCO_HOST",
    key: "host",
    description: "Address to listen on.",
    default: "127.0.0.1",
    parse(value: string) {
      if (isIP(value) === 0 && !/^[A-Za-z0-9.-]{1,253}$/.test(value)) {
        throw new Error(`must be an IP address or a host name, got ${JSON.stringify(value)}`);
      }
      return value;
    },
  },
  port: {
    env: "VARCO_PORT",
    key: "port",
    description: "TCP port to listen on (0 picks a free one).",
    default: 8080,
    parse: integer(0, 65535),
  },
  databaseUrl: {
    env: "VARCO_DATABASE_URL",
    key: "databaseUrl",
    description: "postgres://user@host:port/db for PostgreSQL; unset or sqlite:PATH for SQLite.",
    secret: true,
    default: undefined as string | undefined,
    parse(value: string) {
      if (!/^(postgres|postgresql):\/\/./.test(value) && !value.startsWith("sqlite:")) {
        throw new Error("must start with postgres://, postgresql:// or sqlite:");
      }
      if (value.startsWith("postgres")) {
        try {
          new URL(value);
        } catch {
          throw new Error("is not a valid URL");
        }
      }
      return value;
    },
  },
  databasePoolSize: {
    env: "VARCO_DATABASE_POOL_SIZE",
    key: "databasePoolSize",
    description: "PostgreSQL connections per instance.",
    default: 10,
    parse: integer(1, 200),
  },
  databaseTimeoutMs: {
    env: "VARCO_DATABASE_TIMEOUT_MS",
    key: "databaseTimeoutMs",
    description:
      "PostgreSQL: milliseconds a query of the server waits for a connection, and then for its answer, before the request answers 503 (0: no limit). CLI commands and migrations limit only the wait for a connection.",
    default: 5000,
    parse: integer(0, 3_600_000),
  },
  masterKey: {
    env: "VARCO_MASTER_KEY",
    key: "masterKey",
    description:
      "32-byte key (base64 or hex) sealing OTP seeds; unset: a key file in the data folder.",
    secret: true,
    default: undefined as string | undefined,
    parse: text,
  },
  previousMasterKeys: {
    env: "VARCO_PREVIOUS_MASTER_KEYS",
    key: "previousMasterKeys",
    description:
      "Comma-separated older master keys, still accepted for opening data during rotation.",
    secret: true,
    default: [] as string[],
    parse: (value: string) =>
      value
        .split(",")
        .map((part) => part.trim())
        .filter(Boolean),
  },
  publicUrl: {
    env: "VARCO_PUBLIC_URL",
    key: "publicUrl",
    description:
      "The address people reach Varco at; https:// makes cookies Secure and __Host- named.",
    default: "http://127.0.0.1:8080",
    parse(value: string) {
      let url: URL;
      try {
        url = new URL(value);
      } catch {
        throw new Error(`must be an http:// or https:// URL, got ${JSON.stringify(value)}`);
      }
      if (url.protocol !== "http:" && url.protocol !== "https:") {
        throw new Error(`must be an http:// or https:// URL, got ${JSON.stringify(value)}`);
      }
      return url.origin;
    },
  },
  trustedProxies: {
    env: "VARCO_TRUSTED_PROXIES",
    key: "trustedProxies",
    description:
      "Comma-separated proxy addresses or CIDR ranges whose X-Forwarded-For is believed.",
    default: [] as string[],
    parse(value: string) {
      const proxies = value
        .split(",")
        .map((part) => part.trim())
        .filter(Boolean);
      for (const proxy of proxies) {
        try {
          parseCidr(proxy);
        } catch {
          throw new Error(`${JSON.stringify(proxy)} is not an IP address or CIDR range`);
        }
      }
      return proxies;
    },
  },
  logLevel: {
    env: "VARCO_LOG_LEVEL",
    key: "logLevel",
    description: `One of ${logLevels.join(", ")}.`,
    default: "info" as LogLevel,
    parse(value: string): LogLevel {
      if (!(logLevels as readonly string[]).includes(value)) {
        throw new Error(`must be one of ${logLevels.join(", ")}, got ${JSON.stringify(value)}`);
      }
      return value as LogLevel;
    },
  },
  metricsToken: {
    env: "VARCO_METRICS_TOKEN",
    key: "metricsToken",
    description:
      "Bearer token that GET /metrics requires (at least 32 characters); unset: /metrics is off (404).",
    secret: true,
    default: undefined as string | undefined,
    parse(value: string) {
      if (!/^[\x21-\x7e]{32,512}$/.test(value)) {
        throw new Error("must be 32 to 512 printable characters without spaces");
      }
      return value;
    },
  },
  auditRetentionDays: {
    env: "VARCO_AUDIT_RETENTION_DAYS",
    key: "auditRetentionDays",
    description:
      "Days audit entries are kept; the server prunes older ones daily. 0 keeps them all.",
    default: 0,
    parse: integer(0, 36500),
  },
  signInLogRetentionDays: {
    env: "VARCO_SIGN_IN_LOG_RETENTION_DAYS",
    key: "signInLogRetentionDays",
    description:
      "Days sign-in log entries are kept; the server prunes older ones daily. 0 keeps them all.",
    default: 0,
    parse: integer(0, 36500),
  },
  smtpUrl: {
    env: "VARCO_SMTP_URL",
    key: "smtpUrl",
    description:
      "SMTP server for notification e-mails: smtp://user:password@host:587 (STARTTLS when offered) or smtps://host:465. Empty: e-mails go to the outbox folder in the data folder.",
    secret: true,
    default: "",
    parse(value: string) {
      if (value === "") return value;
      let url: URL;
      try {
        url = new URL(value);
      } catch {
        throw new Error("must be a URL such as smtp://host:587");
      }
      if (url.protocol !== "smtp:" && url.protocol !== "smtps:") {
        throw new Error("must start with smtp:// or smtps://");
      }
      return value;
    },
  },
  mailFrom: {
    env: "VARCO_MAIL_FROM",
    key: "mailFrom",
    description: "Sender address of notification e-mails.",
    default: "varco@localhost",
    parse(value: string) {
      if (!/^[^\s@<>]+@[^\s@<>]+$/.test(value)) throw new Error("must be an e-mail address");
      return value;
    },
  },
} satisfies Record<string, Setting<unknown>>;

export type Config = {
  -readonly [K in keyof typeof settings]: ReturnType<(typeof settings)[K]["parse"]>;
};
