import assert from "node:assert/strict";
import { execFile } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, test } from "node:test";
import { promisify } from "node:util";

const run = promisify(execFile);
const dataDir = mkdtempSync(join(tmpdir(), "varco-cli-policy-"));
after(() => rmSync(dataDir, { recursive: true, force: true }));

const varco = (...args: string[]) =>
  run(process.execPath, ["bin/varco.js", ...args], {
    cwd: new URL("../..", import.meta.url).pathname,
    env: { ...process.env, VARCO_DATA_DIR: dataDir },
  });

test("varco tenant policy changes the settings given and refuses bad ones with their code", async () => {
  const { stdout } = await varco(
    "tenant",
    "policy",
    "--lockout-threshold",
    "3",
    "--trusted-ranges",
    "10.0.0.0/8, 2001:db8::/32",
    "--remember-device-days",
    "30",
    "--password-attempts-per-address",
    "2000",
    "--helpdesk-contact",
    " helpdesk@scuola.example, 0123 456 ",
    "--notification-emails",
    "sicurezza@scuola.example, preside@scuola.example",
    "--json",
  );
  const policy = JSON.parse(stdout);
  assert.equal(policy.lockoutThreshold, 3);
  assert.deepEqual(policy.trustedIpRanges, ["10.0.0.0/8", "2001:db8::/32"]);
  assert.equal(policy.rememberDeviceDays, 30);
  assert.equal(policy.passwordAttemptsPerAddress, 2000);
  assert.equal(policy.helpdeskContact, "helpdesk@scuola.example, 0123 456", "trimmed");
  assert.deepEqual(policy.fraudNotificationEmails, [
    "sicurezza@scuola.example",
    "preside@scuola.example",
  ]);
  assert.equal(policy.mfaRequiredFor, "all", "untouched settings keep their value");
  await assert.rejects(
    varco("tenant", "policy", "--notification-emails", "sicurezza@scuola.example,not-an-address"),
    (e: { stderr: string }) =>
      e.stderr.includes("invalid_policy: fraudNotificationEmails: 'not-an-address'"),
  );
  await assert.rejects(
    varco("tenant", "policy", "--trusted-ranges", "999.1.1.1/8"),
    (e: { stderr: string }) => e.stderr.includes("invalid_ip_range"),
  );
  await assert.rejects(
    varco("tenant", "policy", "--remember-device-days", "366"),
    (e: { stderr: string }) => e.stderr.includes("invalid_policy: rememberDeviceDays"),
  );
  await assert.rejects(
    varco("tenant", "policy", "--helpdesk-contact", "x".repeat(201)),
    (e: { stderr: string }) => e.stderr.includes("invalid_policy: helpdeskContact"),
  );
  await assert.rejects(
    varco("tenant", "policy", "--password-attempts-per-address", "9"),
    (e: { stderr: string }) =>
      e.stderr.includes("invalid_policy: passwordAttemptsPerAddress must be an integer from 10"),
  );
  assert.equal(JSON.parse((await varco("tenant", "policy", "--json")).stdout).lockoutThreshold, 3);
  const cleared = await varco("tenant", "policy", "--notification-emails", "", "--json");
  assert.deepEqual(JSON.parse(cleared.stdout).fraudNotificationEmails, []);
  // Each change is in the audit log, with the policy before and after.
  const audit = JSON.parse((await varco("audit", "export", "--format", "json")).stdout) as {
    action: string;
    details: { before: { fraudNotificationEmails: string[] }; after: unknown };
  }[];
  const changes = audit.filter((entry) => entry.action === "Update tenant policy");
  assert.deepEqual(changes.at(-1)?.details.before.fraudNotificationEmails, [
    "sicurezza@scuola.example",
    "preside@scuola.example",
  ]);
});

test("varco tenant policy --time-zone sets the tenant's zone, audited; an unknown zone changes nothing", async () => {
  const shown = JSON.parse((await varco("tenant", "policy", "--json")).stdout);
  assert.equal(shown.timeZone, "Europe/Rome", "the default");
  const { stdout } = await varco("tenant", "policy", "--time-zone", "America/New_York", "--json");
  assert.equal(JSON.parse(stdout).timeZone, "America/New_York");
  for (const zone of ["Mars/Olympus", "+01:00", ""]) {
    await assert.rejects(
      varco("tenant", "policy", "--time-zone", zone),
      (e: { stderr: string }) => e.stderr.includes("invalid_policy: timeZone"),
      zone,
    );
  }
  assert.equal(
    JSON.parse((await varco("tenant", "policy", "--json")).stdout).timeZone,
    "America/New_York",
    "a refused zone leaves the one set",
  );
  const audit = JSON.parse((await varco("audit", "export", "--format", "json")).stdout) as {
    action: string;
    details: { before: { timeZone?: string }; after: { timeZone: string } };
  }[];
  const last = audit.filter((entry) => entry.action === "Update tenant policy").at(-1);
  assert.equal(last?.details.before.timeZone, "Europe/Rome");
  assert.equal(last?.details.after.timeZone, "America/New_York");
});

test("varco tenant policy: phishing-resistant MFA for administrators and for groups by name", async () => {
  await varco("group", "create", "Segreteria");
  const { stdout } = await varco(
    "tenant",
    "policy",
    "--phishing-resistant-admins",
    "yes",
    "--phishing-resistant-groups",
    "Segreteria",
    "--json",
  );
  const policy = JSON.parse(stdout);
  assert.equal(policy.phishingResistantForAdministrators, true);
  assert.equal(policy.phishingResistantGroupIds.length, 1);
  await assert.rejects(
    varco("tenant", "policy", "--phishing-resistant-groups", "Nessuno"),
    (e: { stderr: string }) => e.stderr.includes("group_not_found"),
  );
  await assert.rejects(
    varco("tenant", "policy", "--phishing-resistant-admins", "maybe"),
    (e: { stderr: string }) => e.stderr.includes("invalid_policy: --phishing-resistant-admins"),
  );
  const cleared = await varco("tenant", "policy", "--phishing-resistant-groups", "", "--json");
  assert.deepEqual(JSON.parse(cleared.stdout).phishingResistantGroupIds, []);
  assert.equal(JSON.parse(cleared.stdout).phishingResistantForAdministrators, true);
});
