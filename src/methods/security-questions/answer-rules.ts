import { normaliseSecurityAnswer } from "./normalise-answer.ts";

/** One question chosen and its answer, as the user typed it. */
export type SecurityAnswerInput = { readonly questionKey: string; readonly answer: string };

/** Entra's rule for a security answer: 3 to 40 characters. */
export const minAnswerLength = 3;
export const maxAnswerLength = 40;

/** Why an answer (or its question) is refused; each is an error code (src/errors/codes.ts). */
export type SecurityAnswerRule =
  | "security_question_unknown"
  | "security_question_repeated"
  | "security_answer_too_short"
  | "security_answer_too_long"
  | "security_answer_repeated"
  | "wrong_security_question_count";

/**
 * A rule an answer breaks: `index` is its place in the list (the later of two that repeat), or
 * null for the list as a whole (not the number the tenant asks for).
 */
export type SecurityAnswerProblem = {
  readonly index: number | null;
  readonly rule: SecurityAnswerRule;
};

/**
 * The characters of an answer as the user counts them: without the spaces at either end, and
 * with an accented letter as one (NFC), so "Caffè" is 5.
 */
export function securityAnswerLength(answer: string): number {
  return [...answer.normalize("NFC").trim()].length;
}

/**
 * Entra's rules for a set of answers: exactly `count` of them; each to a question of
 * `questionKeys` (the predefined ones and the tenant's own), no question twice; each answer 3
 * to 40 characters, and no answer twice, compared as they are stored (normalise-answer.ts, so
 * "Caffè" and "caffe " are the same answer). Any script may be used. Every problem is listed,
 * one per answer at most, in the order of the answers; none: the set may be registered.
 */
export function checkSecurityAnswerRules(
  answers: readonly SecurityAnswerInput[],
  rules: { readonly count: number; readonly questionKeys: ReadonlySet<string> },
): readonly SecurityAnswerProblem[] {
  const problems: SecurityAnswerProblem[] = [];
  if (answers.length !== rules.count)
    problems.push({ index: null, rule: "wrong_security_question_count" });
  const questions = new Set<string>();
  const normalisedAnswers = new Set<string>();
  answers.forEach(({ questionKey, answer }, index) => {
    const rule = ruleBroken(questionKey, answer, rules.questionKeys, questions, normalisedAnswers);
    questions.add(questionKey);
    normalisedAnswers.add(normaliseSecurityAnswer(answer));
    if (rule) problems.push({ index, rule });
  });
  return problems;
}

function ruleBroken(
  questionKey: string,
  answer: string,
  known: ReadonlySet<string>,
  questions: ReadonlySet<string>,
  answers: ReadonlySet<string>,
): SecurityAnswerRule | undefined {
  if (!known.has(questionKey)) return "security_question_unknown";
  if (questions.has(questionKey)) return "security_question_repeated";
  const length = securityAnswerLength(answer);
  // An answer of marks alone ("́́́") counts its characters but normalises to nothing.
  if (length < minAnswerLength || normaliseSecurityAnswer(answer) === "")
    return "security_answer_too_short";
  if (length > maxAnswerLength) return "security_answer_too_long";
  if (answers.has(normaliseSecurityAnswer(answer))) return "security_answer_repeated";
  return undefined;
}
