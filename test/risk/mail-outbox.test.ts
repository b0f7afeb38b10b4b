import assert from "node:assert/strict";
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { test } from "node:test";
import { createMailSender } from "../../src/sender/mail-sender.ts";

// The embedded default (DESIGN): no SMTP server set, so e-mails land in the outbox folder.
test("without an SMTP server, an e-mail is written to <data>/outbox as an .eml only the owner reads", async () => {
  const dataDir = mkdtempSync(join(tmpdir(), "varco-outbox-"));
  try {
    const mail = createMailSender({ smtpUrl: "", mailFrom: "varco@comune.example", dataDir });
    await mail.send({
      to: ["security@comune.example"],
      subject: "Fraud reported / Accesso sospetto segnalato: a@b.it",
      text: "Ora: è adesso",
    });
    const files = readdirSync(join(dataDir, "outbox"));
    assert.equal(files.length, 1);
    const file = join(dataDir, "outbox", files[0] as string);
    assert.match(files[0] as string, /\.eml$/);
    assert.equal(statSync(file).mode & 0o777, 0o600);
    const eml = readFileSync(file, "utf8");
    assert.match(eml, /^To: security@comune\.example$/m);
    assert.match(eml, /^Subject: Fraud reported \/ Accesso sospetto segnalato: a@b\.it$/m);
  } finally {
    rmSync(dataDir, { recursive: true, force: true });
  }
});
