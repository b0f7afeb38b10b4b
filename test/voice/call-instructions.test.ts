import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { XMLParser, XMLValidator } from "fast-xml-parser";
import type { CallScript } from "../../src/sender/voice/call-script.ts";
import { defaultGreetingScript, spokenKeys } from "../../src/sender/voice/default-scripts.ts";
import {
  checkFraudCode,
  defaultFraudCode,
  isFraudCode,
} from "../../src/sender/voice/fraud-code.ts";
import { greetingKinds, greetingLanguages } from "../../src/sender/voice/greeting-kinds.ts";
import { type CallAnswer, interpretDigits } from "../../src/sender/voice/interpret-digits.ts";
import { renderCallAnswer } from "../../src/sender/voice/render-call-answer.ts";
import { renderCallInstructions } from "../../src/sender/voice/render-call-instructions.ts";
import { assertVarcoError } from "../otp/assert-varco-error.ts";

type Element = Record<string, unknown> & { ":@"?: Record<string, string> };

const parser = new XMLParser({
  ignoreAttributes: false,
  attributeNamePrefix: "",
  preserveOrder: true,
  parseTagValue: false,
  parseAttributeValue: false,
});

/** The verbs of a TwiML document, checked well-formed first: [name, attributes, text, children]. */
function verbsOf(twiml: string) {
  assert.equal(XMLValidator.validate(twiml), true, twiml);
  assert.match(twiml, /^<\?xml version="1\.0" encoding="UTF-8"\?>/);
  const root = (parser.parse(twiml) as Element[]).find((node) => "Response" in node);
  assert.ok(root, "a <Response>");
  return (root.Response as Element[]).map(shape);
}

type Verb = { name: string; attrs: Record<string, string>; text: string; children: Verb[] };

function shape(node: Element): Verb {
  const name = Object.keys(node).find((key) => key !== ":@") as string;
  const children = (node[name] as Element[]).filter((c) => !("#text" in c)).map(shape);
  const text = (node[name] as Element[])
    .map((c) => (typeof c["#text"] === "string" ? c["#text"] : ""))
    .join("");
  return { name, attrs: node[":@"] ?? {}, text, children };
}

const hostileName = `Comune di "Pisa" & <Figli>'`;
const script = (changes: Partial<CallScript> = {}): CallScript => ({
  language: "it",
  tenantName: "Comune di Pisa",
  fraudCode: defaultFraudCode,
  ...changes,
});
const digitsUrl = "https://mfa.comune.pisa.it/hooks/voice/calls/p1/digits?t=a&u=b";

describe("the call's instructions", () => {
  test("gather the fraud code's number of keys, with no finishing key, around the spoken greeting", () => {
    const [gather, noInput, hangup, ...rest] = verbsOf(
      renderCallInstructions({ ...script(), digitsUrl }),
    );
    assert.deepEqual(rest, []);
    assert.equal(gather?.name, "Gather");
    assert.deepEqual(
      gather?.attrs,
      {
        input: "dtmf",
        numDigits: "2",
        finishOnKey: "",
        timeout: "10",
        action: digitsUrl,
        method: "POST",
      },
      "no actionOnEmptyResult: silence posts nothing",
    );
    const [say] = gather?.children ?? [];
    assert.equal(say?.name, "Say");
    assert.equal(say?.attrs.language, "it-IT");
    assert.equal(
      say?.text,
      defaultGreetingScript("fraudGreeting", "it", script()),
      "the fraud greeting (standard)",
    );
    assert.match(say?.text ?? "", /di Comune di Pisa\./);
    assert.match(
      say?.text ?? "",
      /Premere 0 seguito da cancelletto per inviare un avviso di illecito/,
    );
    assert.equal(noInput?.name, "Say");
    assert.equal(
      noInput?.text,
      "Al momento non è possibile effettuare l'accesso. Riprova più tardi.",
    );
    assert.equal(hangup?.name, "Hangup");
  });

  test("speak English with an English voice, and a one-key fraud code gathers one key", () => {
    const [gather, noInput] = verbsOf(
      renderCallInstructions({ ...script({ language: "en", fraudCode: "9" }), digitsUrl }),
    );
    assert.equal(gather?.attrs.numDigits, "1");
    assert.equal(gather?.children[0]?.attrs.language, "en-US");
    assert.match(gather?.children[0]?.text ?? "", /Please press 9 to submit a fraud alert/);
    assert.match(gather?.children[0]?.text ?? "", /sign-in verification system of Comune di Pisa/);
    assert.equal(noInput?.attrs.language, "en-US");
  });

  test("play the tenant's recording instead of the script where there is one", () => {
    const recording =
      "https://mfa.comune.pisa.it/hooks/voice/greetings/t1/it/fraudGreeting?v=1&x=2";
    const [gather, noInput] = verbsOf(
      renderCallInstructions({
        ...script({ recordings: { fraudGreeting: recording } }),
        digitsUrl,
      }),
    );
    assert.deepEqual(
      gather?.children.map((c) => [c.name, c.text]),
      [["Play", recording]],
    );
    assert.equal(noInput?.name, "Say", "the other greetings stay spoken");
  });

  test("refuse a fraud code that is not one rather than render it", () => {
    for (const fraudCode of ["", "#", "#1", "123"]) {
      assertVarcoError(
        () => renderCallInstructions({ ...script({ fraudCode }), digitsUrl }),
        "invalid_fraud_code",
        /does not start with #/,
      );
    }
  });

  test("escape every name and URL: a hostile tenant name stays text", () => {
    const twiml = renderCallInstructions({
      ...script({ tenantName: hostileName }),
      digitsUrl: `${digitsUrl}"><Hangup/>`,
    });
    assert.doesNotMatch(twiml, /<Figli>/);
    const [gather, , , ...rest] = verbsOf(twiml);
    assert.deepEqual(rest, []);
    assert.equal(gather?.attrs.action, `${digitsUrl}"><Hangup/>`);
    assert.match(gather?.children[0]?.text ?? "", /di Comune di "Pisa" & <Figli>'\./);
  });
});

describe("the answer after the keys", () => {
  const expected: Record<CallAnswer, [string, RegExp]> = {
    approve: ["it-IT", /^L'accesso è stato verificato correttamente\. Arrivederci\.$/],
    fraud: [
      "it-IT",
      /^È stato inviato un avviso di illecito\. .*help desk IT di Comune di Pisa\.$/,
    ],
    deny: ["it-IT", /^Verifica non consentita\.$/],
  };
  for (const [answer, [language, text]] of Object.entries(expected)) {
    test(`${answer}: says its script, then hangs up`, () => {
      const [say, hangup, ...rest] = verbsOf(renderCallAnswer(answer as CallAnswer, script()));
      assert.deepEqual(rest, []);
      assert.equal(say?.attrs.language, language);
      assert.match(say?.text ?? "", text);
      assert.equal(hangup?.name, "Hangup");
    });
  }

  test("the fraud confirmation plays the tenant's recording when there is one", () => {
    const url = "https://mfa.example/hooks/voice/greetings/t1/en/fraudConfirmation";
    const [play] = verbsOf(
      renderCallAnswer("fraud", script({ language: "en", recordings: { fraudConfirmation: url } })),
    );
    assert.deepEqual([play?.name, play?.text], ["Play", url]);
  });
});

describe("interpretDigits", () => {
  const table: [string, string, CallAnswer][] = [
    ["#", "0#", "approve"],
    ["##", "0#", "approve"],
    ["0#", "0#", "fraud"],
    ["0", "0#", "deny"],
    ["00", "0#", "deny"],
    ["1#", "0#", "deny"],
    ["#0", "0#", "deny"],
    ["", "0#", "deny"],
    ["9", "9", "fraud"],
    ["#", "9", "approve"],
    ["*#", "*#", "fraud"],
    ["12", "12", "fraud"],
    ["21", "12", "deny"],
    ["0#", "12", "deny"],
  ];
  for (const [digits, code, answer] of table) {
    test(`${JSON.stringify(digits)} with the fraud code ${JSON.stringify(code)} → ${answer}`, () => {
      assert.equal(interpretDigits(digits, code), answer);
    });
  }
});

describe("the fraud code", () => {
  test("is one or two keypad keys, never starting with #, which approves", () => {
    for (const code of ["0#", "0", "9", "*", "*#", "12"]) assert.ok(isFraudCode(code), code);
    for (const code of ["#", "##", "#0", "", "123", "a", "0 ", "١", "0#\n"]) {
      assert.equal(isFraudCode(code), false, JSON.stringify(code));
      assertVarcoError(() => checkFraudCode(code), "invalid_fraud_code", /does not start with #/);
    }
    assert.equal(checkFraudCode("0#"), "0#");
  });

  test("is said as keys in the user's language", () => {
    assert.equal(spokenKeys("0#", "it"), "0 seguito da cancelletto");
    assert.equal(spokenKeys("*", "it"), "asterisco");
    assert.equal(spokenKeys("0#", "en"), "0 pound");
    assert.equal(spokenKeys("1*", "en"), "1 star");
  });
});

describe("the default scripts", () => {
  test("every greeting kind has a script in Italian and English", () => {
    assert.equal(greetingKinds.length, 18);
    for (const language of greetingLanguages) {
      for (const kind of greetingKinds) {
        const text = defaultGreetingScript(kind, language, script());
        assert.ok(text.length > 10, `${kind} ${language}`);
        assert.doesNotMatch(text, /Microsoft|undefined/, `${kind} ${language}`);
      }
    }
  });

  test("name the tenant where a person expects it, and an extension when there is one", () => {
    const facts = { tenantName: "Liceo Galilei", fraudCode: "0#", extension: "2104" };
    assert.match(defaultGreetingScript("greeting", "it", facts), /accesso di Liceo Galilei\./);
    assert.match(
      defaultGreetingScript("fraudReported", "en", facts),
      /IT help desk of Liceo Galilei\./,
    );
    assert.match(
      defaultGreetingScript("extensionPromptBeforeDigits", "it", facts),
      /all'interno 2104\./,
    );
    assert.match(
      defaultGreetingScript("greetingPin", "en", facts),
      /enter your PIN followed by the pound key/,
    );
  });
});
