import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { isVarcoError } from "../../src/errors/varco-error.ts";
import {
  checkSecurityAnswerRules,
  type SecurityAnswerInput,
} from "../../src/methods/security-questions/answer-rules.ts";
import { predefinedSecurityQuestions } from "../../src/methods/security-questions/catalogue.ts";
import {
  checkCustomQuestionText,
  customQuestionKey,
} from "../../src/methods/security-questions/custom-question.ts";
import { normaliseSecurityAnswer } from "../../src/methods/security-questions/normalise-answer.ts";
import { securityQuestionText } from "../../src/methods/security-questions/question-text.ts";

const questionKeys = new Set([
  ...predefinedSecurityQuestions.map((q) => q.key),
  customQuestionKey("c1"),
]);
const rulesFor = (answers: SecurityAnswerInput[], count = answers.length) =>
  checkSecurityAnswerRules(answers, { count, questionKeys }).map((p) => [p.index, p.rule]);
const three = (a: string, b: string, c: string): SecurityAnswerInput[] => [
  { questionKey: "predefined:1", answer: a },
  { questionKey: "predefined:2", answer: b },
  { questionKey: "predefined:3", answer: c },
];

// The 35 predefined questions, in Italian and English, in the
// seed's order; custom questions shown as typed; the answers' rules.
describe("the catalogue of predefined questions", () => {
  test("35 questions, each in Italian and English, keyed predefined:1 to predefined:35", () => {
    assert.equal(predefinedSecurityQuestions.length, 35);
    predefinedSecurityQuestions.forEach((question, i) => {
      assert.equal(question.key, `predefined:${i + 1}`);
      assert.ok(question.it.length > 10 && question.en.length > 10, question.key);
      assert.notEqual(question.it, question.en);
    });
    assert.equal(new Set(predefinedSecurityQuestions.map((q) => q.it)).size, 35);
    assert.equal(new Set(predefinedSecurityQuestions.map((q) => q.en)).size, 35);
  });

  test("the words are the seed's, in its order", () => {
    const byKey = (n: number) => predefinedSecurityQuestions[n - 1];
    assert.deepEqual(byKey(1), {
      key: "predefined:1",
      it: "In quale città hai incontrato tuo marito o il tuo partner?",
      en: "In what city did you meet your first spouse/partner?",
    });
    assert.equal(byKey(7)?.en, "What city were you in on New Year's 2000?");
    assert.equal(byKey(12)?.it, "Qual è il tuo piatto preferito?");
    assert.equal(
      byKey(15)?.it,
      "Qual è l'anno e il mese di nascita di tuo/a fratello/sorella maggiore? Ad esempio, novembre 1985",
    );
    assert.equal(
      byKey(15)?.en,
      "What is your oldest sibling's birthday month and year? (e.g. November 1985)",
    );
    assert.equal(byKey(30)?.it, "Qual era il tuo soprannome da bambino?");
    assert.deepEqual(byKey(35), {
      key: "predefined:35",
      it: "Qual è la persona più famosa che hai mai incontrato?",
      en: "Who is the most famous person you have ever met?",
    });
  });

  test("a question in the user's language; a custom one as typed in both; an unknown key none", () => {
    const custom = [
      {
        id: "c1",
        key: customQuestionKey("c1"),
        text: "Come si chiamava il tuo primo gatto?",
        createdAt: 0,
      },
    ];
    assert.equal(
      securityQuestionText("predefined:29", "it", custom),
      "Qual è il nome del primo animale domestico?",
    );
    assert.equal(
      securityQuestionText("predefined:29", "en", custom),
      "What was the name of your first pet?",
    );
    for (const language of ["it", "en"] as const)
      assert.equal(
        securityQuestionText("custom:c1", language, custom),
        "Come si chiamava il tuo primo gatto?",
      );
    assert.equal(securityQuestionText("custom:gone", "en", custom), undefined);
    assert.equal(securityQuestionText("predefined:36", "en", custom), undefined);
  });
});

describe("answers: normalised, then held to the rules", () => {
  test("case, accents and spaces do not count; other scripts stay", () => {
    assert.equal(normaliseSecurityAnswer("Caffè"), "caffe");
    assert.equal(normaliseSecurityAnswer("caffe "), "caffe");
    assert.equal(normaliseSecurityAnswer("  SAN   Giuliano\tTERME "), "san giuliano terme");
    assert.equal(normaliseSecurityAnswer("Ñandú Ärger"), "nandu arger");
    assert.equal(normaliseSecurityAnswer("東京都"), "東京都");
    assert.equal(normaliseSecurityAnswer("İstanbul"), "istanbul", "the same in every locale");
    assert.equal(normaliseSecurityAnswer("ℌeidi"), "heidi", "a compatibility capital too");
  });

  test("3 to 40 characters, counted as a person counts them", () => {
    assert.deepEqual(rulesFor(three("Pisa", "Lucca", "Siena")), []);
    assert.deepEqual(rulesFor(three("ab", "Lucca", "Siena")), [[0, "security_answer_too_short"]]);
    assert.deepEqual(rulesFor(three("  ab  ", "Lucca", "Siena")), [
      [0, "security_answer_too_short"],
    ]);
    assert.deepEqual(rulesFor(three("abc", "x".repeat(40), "Siena")), []);
    assert.deepEqual(rulesFor(three("abc", "x".repeat(41), "Siena")), [
      [1, "security_answer_too_long"],
    ]);
    // "è" typed decomposed (e + combining grave) is one character.
    assert.deepEqual(rulesFor(three("Pisa", "Lucca", `${"è".repeat(39)}e\u0300`)), []);
  });

  test("any script: 東京都 and Ελλάδα are answers; 東京 is two characters, too short", () => {
    assert.deepEqual(rulesFor(three("東京都", "Ελλάδα", "Москва")), []);
    assert.deepEqual(rulesFor(three("東京", "Ελλάδα", "Москва")), [
      [0, "security_answer_too_short"],
    ]);
  });

  test("no question twice, no answer twice (as normalised): Caffè and caffe are one answer", () => {
    assert.deepEqual(rulesFor(three("Caffè", "caffe ", "Siena")), [
      [1, "security_answer_repeated"],
    ]);
    assert.deepEqual(rulesFor(three("Pisa", "PISA", "pisa")), [
      [1, "security_answer_repeated"],
      [2, "security_answer_repeated"],
    ]);
    const same: SecurityAnswerInput[] = [
      { questionKey: "predefined:1", answer: "Pisa" },
      { questionKey: "predefined:1", answer: "Lucca" },
      { questionKey: "custom:c1", answer: "Siena" },
    ];
    assert.deepEqual(rulesFor(same), [[1, "security_question_repeated"]]);
  });

  test("a question not offered, or not the number asked for, is refused", () => {
    const unknown: SecurityAnswerInput[] = [
      { questionKey: "predefined:36", answer: "Pisa" },
      { questionKey: "custom:other", answer: "Lucca" },
      { questionKey: "", answer: "Siena" },
    ];
    assert.deepEqual(rulesFor(unknown), [
      [0, "security_question_unknown"],
      [1, "security_question_unknown"],
      [2, "security_question_unknown"],
    ]);
    assert.deepEqual(rulesFor(three("Pisa", "Lucca", "Siena"), 5), [
      [null, "wrong_security_question_count"],
    ]);
  });
});

describe("custom questions", () => {
  test("1 to 200 characters on one line, kept as typed (trimmed)", () => {
    assert.equal(
      checkCustomQuestionText("  Qual è il tuo colore preferito?  "),
      "Qual è il tuo colore preferito?",
    );
    assert.equal(checkCustomQuestionText("東".repeat(200)), "東".repeat(200));
    for (const refused of ["", "   ", "x".repeat(201), "una\nriga", "tab\there", "nul\u0000"]) {
      assert.throws(
        () => checkCustomQuestionText(refused),
        (error) => isVarcoError(error, "invalid_custom_question"),
        JSON.stringify(refused),
      );
    }
  });
});
