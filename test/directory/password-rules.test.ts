import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { checkPassword, type PasswordOwner } from "../../src/directory/password-rules.ts";
import { errorCodes } from "../../src/errors/codes.ts";
import { isVarcoError, type VarcoError } from "../../src/errors/varco-error.ts";

// Length was the only rule, so `12345678` and `password` were accepted. A new password
// is now checked against common and breached-style passwords, English and Italian words and
// names, and the user's own words (NIST SP 800-63B section 3.1.1.2), with no composition rule.

const mario: PasswordOwner = {
  upn: "mario.rossi@scuola.it",
  displayName: "Mario Rossi",
  tenantName: "liceo-galilei",
  tenantDisplayName: "Liceo Galileo Galilei",
};

async function refusal(password: string, owner: PasswordOwner = mario): Promise<VarcoError> {
  try {
    await checkPassword(password, owner);
  } catch (error) {
    if (isVarcoError(error)) return error;
    throw error;
  }
  assert.fail(`accepted ${JSON.stringify(password)}`);
}

describe("new passwords", () => {
  test("common and breached-style passwords are refused, in English and in Italian", async () => {
    for (const password of [
      "12345678",
      "password",
      "Password1",
      "P@ssw0rd1",
      "qwertyuiop",
      "iloveyou",
      "11111111",
      "abcdefgh1",
      "juventus1",
      "napoli1926",
      "forzainter",
      "ciaociao",
      "tiamotanto",
      "amoremio88",
      "sicurezza1",
      "23041987ab",
    ]) {
      const error = await refusal(password);
      assert.equal(error.code, "password_too_guessable", password);
      if (password !== "password") assert.ok(!error.message.includes(password), "never quoted");
    }
    assert.match((await refusal("password")).detail ?? "", /common password/);
  });

  test("the user's own UPN, name and tenant make a password guessable", async () => {
    for (const password of ["mariorossi1", "rossiMario!", "Mario.Rossi2024", "liceogalilei1"]) {
      const error = await refusal(password);
      assert.equal(error.code, "password_too_guessable", password);
    }
    const byUpnAlone = await refusal("rossi.mario!", { upn: "mario.rossi@scuola.it" });
    assert.equal(byUpnAlone.code, "password_too_guessable");
    // The same password is fine for someone else: it is the context that made it guessable.
    const other = { upn: "anna.bianchi@comune.it", displayName: "Anna Bianchi" };
    await checkPassword("rossiMario!", other);
    assert.match((await refusal("Mario.Rossi2024")).detail ?? "", /own name/);
  });

  test("passphrases and random strings pass, and there is no composition rule", async () => {
    for (const password of [
      "correct horse battery",
      "la casa sul mare di sera",
      "kq7Tz9pw",
      "Tr0ub4dor&3",
      "treno giallo ombrello",
      "Pässwort-ünicode ✓",
      `${"mela verde lampada ".repeat(13)}x`.slice(0, 256),
    ]) {
      assert.equal(await checkPassword(password, mario), password);
    }
  });

  test("the length rule stays: 8 to 256 characters", async () => {
    for (const password of ["Zq9!x", "x".repeat(257), `kq7Tz9pw${"ü".repeat(249)}`]) {
      assert.equal((await refusal(password)).code, "invalid_password", password.slice(0, 10));
    }
  });

  test("a long password is judged by its first characters: a weak start is refused", async () => {
    // 200 characters of one repeated word: long, and still guessable.
    assert.equal((await refusal("password".repeat(25))).code, "password_too_guessable");
  });

  test("the message says why, in English and in Italian", () => {
    const { en, it, status } = errorCodes.password_too_guessable;
    assert.equal(status, 400);
    assert.match(en, /too common or too easy to guess/);
    assert.match(it, /troppo comune o facile da indovinare/);
  });
});
