import { execFileSync, spawn } from "node:child_process";
import {
  chmodSync,
  chownSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from "node:fs";
import { connect, createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";

/** The checkpassword program the README tells administrators to install. */
export const checkpasswordScript = new URL(
  "../../contrib/dovecot/varco-checkpassword",
  import.meta.url,
).pathname;

/**
 * An IMAP server of the test's own: Debian's Dovecot (dovecot-imapd) on a free loopback port,
 * with a configuration, a base_dir, a state_dir and mailboxes in a temp folder, so the machine's
 * own Dovecot (if any) is never touched. Its passdb is `checkpassword` with Varco's script
 * (contrib/dovecot/varco-checkpassword), which asks Varco at `varcoUrl` with `apiKey`.
 */
export type PrivateDovecot = {
  readonly port: number;
  /** Dovecot's log so far, for a failing test's message. */
  log(): string;
  /** Stops it and removes its folder. */
  destroy(): Promise<void>;
};

/** Where Dovecot and curl are, or why the tests that need them are skipped. */
export function findDovecot(): { dovecot: string } | { missing: string } {
  const dovecot = ["/usr/sbin/dovecot", "/usr/local/sbin/dovecot"].find((path) => existsSync(path));
  if (!dovecot)
    return { missing: "Dovecot is not installed (Debian: apt-get install dovecot-imapd)" };
  if (!existsSync("/usr/lib/dovecot/imap"))
    return { missing: "Dovecot's IMAP server is not installed (Debian: dovecot-imapd)" };
  if (!["/usr/bin/curl", "/usr/local/bin/curl"].some((path) => existsSync(path)))
    return { missing: "curl is not installed (the checkpassword script needs it)" };
  return { dovecot };
}

export async function startPrivateDovecot(
  dovecot: string,
  varco: { url: string; apiKey: string },
): Promise<PrivateDovecot> {
  const dir = mkdtempSync(join(tmpdir(), "varco-dovecot-"));
  const at = (name: string) => join(dir, name);
  for (const name of ["run", "state", "mail"]) mkdirSync(at(name));
  const port = await freePort();
  // As root, Dovecot's login processes and mailboxes need users of their own (Debian's dovenull
  // and dovecot); the password check runs as root, so its settings stay private to it. As any
  // other user, everything runs as that user.
  const root = process.getuid?.() === 0;
  const mailUser = root ? "dovecot" : execFileSync("id", ["-un"], { encoding: "utf8" }).trim();
  const uid = Number(execFileSync("id", ["-u", mailUser], { encoding: "utf8" }));
  const gid = Number(execFileSync("id", ["-g", mailUser], { encoding: "utf8" }));
  if (root) {
    chmodSync(dir, 0o755);
    chownSync(at("mail"), uid, gid);
  }
  writeFileSync(at("varco-checkpassword.conf"), `url=${varco.url}\napi_key=${varco.apiKey}\n`, {
    mode: 0o600,
  });
  // Dovecot runs the program it is given, without arguments: this one names the settings.
  writeFileSync(
    at("checkpassword"),
    `#!/bin/sh\nVARCO_CHECKPASSWORD_CONFIG=${at("varco-checkpassword.conf")} exec ${checkpasswordScript} "$@"\n`,
    { mode: 0o755 },
  );
  writeFileSync(
    at("dovecot.conf"),
    [
      `base_dir = ${at("run")}`,
      `state_dir = ${at("state")}`,
      "instance_name = varco-test",
      `log_path = ${at("dovecot.log")}`,
      "protocols = imap",
      "listen = 127.0.0.1",
      "ssl = no",
      "disable_plaintext_auth = no",
      "auth_mechanisms = plain login",
      // Tests need no penalty for a wrong password: Varco's throttle is what is tested.
      "auth_failure_delay = 0",
      `default_internal_user = ${root ? "dovecot" : mailUser}`,
      `default_login_user = ${root ? "dovenull" : mailUser}`,
      "first_valid_uid = 1",
      `mail_location = maildir:${at("mail")}/%u`,
      "passdb {",
      "  driver = checkpassword",
      `  args = ${at("checkpassword")}`,
      "}",
      "userdb {",
      "  driver = static",
      `  args = uid=${uid} gid=${gid} home=${at("mail")}/%u`,
      "}",
      "service imap-login {",
      "  chroot =",
      `  inet_listener imap {\n    port = ${port}\n  }`,
      "  inet_listener imaps {\n    port = 0\n  }",
      "}",
      // Nor Dovecot's own penalty for an address that failed before (anvil's auth penalty).
      "service anvil {\n  chroot =\n  unix_listener anvil-auth-penalty {\n    mode = 0\n  }\n}",
      ...(root ? ["service auth {\n  user = root\n}"] : []),
      "",
    ].join("\n"),
  );
  // In the foreground (-F), as this process's child: nothing of it outlives the test.
  const master = spawn(dovecot, ["-F", "-c", at("dovecot.conf")], { stdio: "ignore" });
  const exited = new Promise<void>((resolve) => master.once("exit", () => resolve()));
  let running = true;
  void exited.then(() => {
    running = false;
  });
  await waitFor(async () => {
    if (!running) throw new Error(`dovecot stopped: ${readLog(at("dovecot.log"))}`);
    await imapGreeting(port);
  });
  return {
    port,
    log: () => readLog(at("dovecot.log")),
    async destroy() {
      if (running) {
        master.kill("SIGTERM");
        await exited;
      }
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

const readLog = (path: string) => (existsSync(path) ? readFileSync(path, "utf8") : "");

/** Waits for the server's greeting on `port`. */
function imapGreeting(port: number): Promise<void> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, "127.0.0.1");
    socket.once("error", reject);
    socket.once("data", () => {
      socket.destroy();
      resolve();
    });
  });
}

/**
 * An IMAP LOGIN (RFC 9051 §6.2.3) as a mail client sends it, over plain TCP on loopback: "OK"
 * when the server let the user in, "NO" when it refused, the line itself for anything else.
 */
export function imapLogin(port: number, user: string, password: string): Promise<string> {
  const quoted = (value: string) => `"${value.replaceAll("\\", "\\\\").replaceAll('"', '\\"')}"`;
  return new Promise((resolve, reject) => {
    const socket = connect(port, "127.0.0.1");
    let received = "";
    let sent = false;
    socket.setEncoding("utf8");
    socket.setTimeout(20_000, () => socket.destroy(new Error(`no answer: ${received}`)));
    socket.once("error", reject);
    socket.on("data", (chunk: string) => {
      received += chunk;
      if (!sent && received.includes("\r\n")) {
        sent = true;
        socket.write(`a1 LOGIN ${quoted(user)} ${quoted(password)}\r\n`);
      }
      const answer = /^a1 (\S+).*\r\n/m.exec(received);
      if (answer) {
        socket.end("a2 LOGOUT\r\n");
        socket.destroy();
        resolve(answer[1] === "OK" || answer[1] === "NO" ? answer[1] : answer[0]);
      }
    });
  });
}

async function waitFor(check: () => Promise<void>): Promise<void> {
  let last: unknown;
  for (let i = 0; i < 100; i++) {
    try {
      await check();
      return;
    } catch (error) {
      last = error;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }
  throw last;
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      server.close(() => resolve(typeof address === "object" && address ? address.port : 0));
    });
  });
}
