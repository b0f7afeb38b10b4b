import { execFile, spawn } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";

const run = promisify(execFile);

/**
 * An OpenLDAP server of the test's own: Debian's slapd on two free loopback ports (ldap:// for
 * StartTLS, ldaps://), with a configuration file, a database and a certificate authority made in
 * a temp folder, so the machine's own slapd (if any) is never touched. The suffix is
 * `dc=school,dc=it`, the administrator `cn=admin,dc=school,dc=it`.
 */
export type PrivateSlapd = {
  /** ldap://127.0.0.1:PORT, on which a client must ask for StartTLS. */
  readonly ldapUrl: string;
  readonly ldapsUrl: string;
  /** The PEM of the authority that signed the server's certificate. */
  readonly caPem: string;
  readonly suffix: string;
  readonly adminDn: string;
  readonly adminPassword: string;
  /** Adds entries (LDIF) as the administrator. */
  add(ldif: string): Promise<void>;
  /** Changes entries (LDIF with changetype) as the administrator. */
  modify(ldif: string): Promise<void>;
  /** Sets a user's password as the administrator (ldappasswd, RFC 3062). */
  setPassword(dn: string, password: string): Promise<void>;
  /** Stops the server (the data stays): for "directory unreachable". */
  stop(): Promise<void>;
  start(): Promise<void>;
  /** Stops it and removes its folder. */
  destroy(): Promise<void>;
};

/** Where slapd and the LDAP tools are, or why the tests that need them are skipped. */
export function findSlapd(): { slapd: string } | { missing: string } {
  const slapd = ["/usr/sbin/slapd", "/usr/local/sbin/slapd"].find((path) => existsSync(path));
  if (!slapd)
    return { missing: "slapd is not installed (Debian: apt-get install slapd ldap-utils)" };
  if (!existsSync("/etc/ldap/schema/inetorgperson.schema")) {
    return { missing: "the OpenLDAP schemas are not in /etc/ldap/schema" };
  }
  if (!["/usr/bin/ldapadd", "/usr/bin/ldappasswd"].every((path) => existsSync(path))) {
    return { missing: "ldapadd and ldappasswd are not installed (Debian: ldap-utils)" };
  }
  return { slapd };
}

/** What a test may add to the server; without options it is as described above. */
export type SlapdOptions = {
  /**
   * The ppolicy overlay with a default policy (`cn=default,ou=policies,<suffix>`) on
   * `userPassword`: at least `minLength` characters, checked on every new password
   * (`pwdCheckQuality: 2`). The overlay's module must be in /usr/lib/ldap (`hasPpolicy`).
   */
  readonly passwordPolicy?: { readonly minLength: number };
  /** A DN pattern (`dn.regex`) of accounts that may write any user's password: a reset. */
  readonly passwordWriters?: string;
  /** More schema, in slapd.conf's syntax (`attributetype ( … )`), after the standard ones. */
  readonly schema?: string;
  /** Attributes guarded as `userPassword` is (each user writes their own, nobody reads it). */
  readonly passwordAttributes?: readonly string[];
};

/** Whether Debian's slapd has the ppolicy overlay (`passwordPolicy`). */
export const hasPpolicy = () => existsSync("/usr/lib/ldap/ppolicy.la");

export async function startPrivateSlapd(
  slapd: string,
  options: SlapdOptions = {},
): Promise<PrivateSlapd> {
  const dir = mkdtempSync(join(tmpdir(), "varco-slapd-"));
  const suffix = "dc=school,dc=it";
  const adminDn = `cn=admin,${suffix}`;
  const adminPassword = "slapd-admin-secret";
  await makeCertificates(dir);
  mkdirSync(join(dir, "db"));
  const [ldapPort, ldapsPort] = [await freePort(), await freePort()];
  const ldapUrl = `ldap://127.0.0.1:${ldapPort}`;
  const ldapsUrl = `ldaps://127.0.0.1:${ldapsPort}`;
  const schemas = ["core", "cosine", "inetorgperson", "nis"];
  if (options.schema) writeFileSync(join(dir, "extra.schema"), `${options.schema}\n`);
  const policyDn = `cn=default,ou=policies,${suffix}`;
  const passwordAttributes = ["userPassword", ...(options.passwordAttributes ?? [])].join(",");
  writeFileSync(
    join(dir, "slapd.conf"),
    [
      ...schemas.map((name) => `include /etc/ldap/schema/${name}.schema`),
      ...(options.schema ? [`include ${join(dir, "extra.schema")}`] : []),
      `pidfile ${join(dir, "slapd.pid")}`,
      "modulepath /usr/lib/ldap",
      "moduleload back_mdb",
      ...(options.passwordPolicy ? ["moduleload ppolicy"] : []),
      `TLSCACertificateFile ${join(dir, "ca.pem")}`,
      `TLSCertificateFile ${join(dir, "server.pem")}`,
      `TLSCertificateKeyFile ${join(dir, "server.key")}`,
      "database mdb",
      `suffix "${suffix}"`,
      `rootdn "${adminDn}"`,
      `rootpw ${adminPassword}`,
      `directory ${join(dir, "db")}`,
      "maxsize 10485760",
      // The service account reads; users bind with their password and nobody reads it back.
      [
        `access to attrs=${passwordAttributes} by self write by anonymous auth`,
        ...(options.passwordWriters ? [`by dn.regex="${options.passwordWriters}" write`] : []),
        "by * none",
      ].join(" "),
      "access to * by users read by * none",
      ...(options.passwordPolicy ? ["overlay ppolicy", `ppolicy_default "${policyDn}"`] : []),
      "",
    ].join("\n"),
  );
  const tools = { LDAPTLS_CACERT: join(dir, "ca.pem"), LDAPTLS_REQCERT: "demand" };
  const admin = ["-x", "-H", ldapUrl, "-ZZ", "-D", adminDn, "-w", adminPassword];
  const withInput = (tool: string, args: string[], input: string) =>
    new Promise<void>((resolve, reject) => {
      const child = spawn(tool, args, { env: { ...process.env, ...tools } });
      let errors = "";
      child.stderr.on("data", (chunk: Buffer) => (errors += chunk.toString()));
      child.on("error", reject);
      child.on("close", (code) =>
        code === 0 ? resolve() : reject(new Error(`${tool} failed (${code}): ${errors}`)),
      );
      child.stdin.end(input);
    });
  const pidFile = join(dir, "slapd.pid");
  const start = async () => {
    // As root, slapd keeps root (no -u): the folder is root's, and the ports are high.
    await run(slapd, ["-f", join(dir, "slapd.conf"), "-h", `${ldapUrl}/ ${ldapsUrl}/`]);
    await waitFor(async () => {
      await run("ldapsearch", [...admin, "-b", "", "-s", "base", "(objectClass=*)"], {
        env: { ...process.env, ...tools },
      });
    });
  };
  const stop = async () => {
    if (!existsSync(pidFile)) return;
    const pid = Number(readFileSync(pidFile, "utf8").trim());
    process.kill(pid, "SIGTERM");
    await waitFor(async () => {
      if (existsSync(pidFile)) throw new Error("slapd still running");
    });
  };
  await start();
  await withInput(
    "ldapadd",
    admin,
    `dn: ${suffix}\nobjectClass: dcObject\nobjectClass: organization\no: School\ndc: school\n`,
  );
  if (options.passwordPolicy) {
    await withInput(
      "ldapadd",
      admin,
      [
        `dn: ou=policies,${suffix}\nobjectClass: organizationalUnit\nou: policies`,
        [
          `dn: ${policyDn}`,
          "objectClass: organizationalRole",
          "objectClass: pwdPolicy",
          "cn: default",
          "pwdAttribute: userPassword",
          `pwdMinLength: ${options.passwordPolicy.minLength}`,
          "pwdCheckQuality: 2",
        ].join("\n"),
        "",
      ].join("\n\n"),
    );
  }
  return {
    ldapUrl,
    ldapsUrl,
    caPem: readFileSync(join(dir, "ca.pem"), "utf8"),
    suffix,
    adminDn,
    adminPassword,
    add: (ldif) => withInput("ldapadd", admin, ldif),
    modify: (ldif) => withInput("ldapmodify", admin, ldif),
    async setPassword(dn, password) {
      await run("ldappasswd", [...admin, "-s", password, dn], {
        env: { ...process.env, ...tools },
      });
    },
    stop,
    start,
    async destroy() {
      await stop().catch(() => undefined);
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** A certificate authority, and a server certificate it signed for 127.0.0.1 alone. */
async function makeCertificates(dir: string): Promise<void> {
  const at = (name: string) => join(dir, name);
  const ec = ["-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes"];
  await run("openssl", [
    "req",
    "-x509",
    ...ec,
    "-keyout",
    at("ca.key"),
    "-out",
    at("ca.pem"),
    "-days",
    "2",
    "-subj",
    "/CN=Varco test directory CA",
  ]);
  await run("openssl", [
    "req",
    ...ec,
    "-keyout",
    at("server.key"),
    "-out",
    at("server.csr"),
    "-subj",
    "/CN=127.0.0.1",
  ]);
  writeFileSync(at("ext.cnf"), "subjectAltName=IP:127.0.0.1\n");
  await run("openssl", [
    "x509",
    "-req",
    "-in",
    at("server.csr"),
    "-CA",
    at("ca.pem"),
    "-CAkey",
    at("ca.key"),
    "-CAcreateserial",
    "-out",
    at("server.pem"),
    "-days",
    "2",
    "-extfile",
    at("ext.cnf"),
  ]);
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
