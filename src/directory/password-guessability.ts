import type { ZxcvbnFactory, ZxcvbnResult } from "@zxcvbn-ts/core";

/**
 * How many guesses an attacker needs, estimated by zxcvbn-ts over lists of common and breached
 * passwords, English and Italian words and names, keyboard patterns, dates and sequences, and the
 * words that belong to this user (NIST SP 800-63B section 3.1.1.2: compare a new password with
 * commonly used, expected or compromised values and context-specific words).
 *
 * Only the first `analysedLength` characters are estimated: zxcvbn's cost grows quickly with
 * length, and a prefix is never easier to guess than the whole, so this can only refuse more,
 * never let a weak password through.
 */
export const analysedLength = 32;

/** At most this many l33t substitutions are tried per word (zxcvbn's default, 100, costs 10×). */
const l33tMaxSubstitutions = 10;

// The dictionaries (about 12 MB of words) load on the first check, once: most commands never set
// a password, and the server pays it only when someone does.
let loading: Promise<ZxcvbnFactory> | undefined;

function estimator(): Promise<ZxcvbnFactory> {
  loading ??= loadEstimator();
  return loading;
}

async function loadEstimator(): Promise<ZxcvbnFactory> {
  const [{ ZxcvbnFactory }, common, en, it] = await Promise.all([
    import("@zxcvbn-ts/core"),
    import("@zxcvbn-ts/language-common"),
    import("@zxcvbn-ts/language-en"),
    import("@zxcvbn-ts/language-it"),
  ]);
  // The Italian package names its lists without a language suffix: give them one, as English has.
  const italian = Object.fromEntries(
    Object.entries(it.dictionary).map(([name, words]) => [`${name}-it`, words]),
  );
  return new ZxcvbnFactory({
    dictionary: { ...common.dictionary, ...en.dictionary, ...italian },
    graphs: common.adjacencyGraphs,
    l33tMaxSubstitutions,
  });
}

/** The user's own words, their parts and both orders: `mario.rossi@scuola.it` gives mario, rossi… */
export function contextWords(values: readonly string[]): string[] {
  const words = new Set<string>();
  // A UPN's name before the @ counts on its own too.
  const texts = values.flatMap((value) => {
    const lower = value.toLowerCase().trim();
    return lower.includes("@") ? [lower, lower.split("@")[0] ?? ""] : [lower];
  });
  for (const text of texts) {
    const parts = text.split(/[^\p{L}\p{N}]+/u).filter((part) => part.length > 0);
    words.add(text);
    words.add(parts.join(""));
    // Surname first, as registers and class lists write it: rossimario.
    words.add(parts.toReversed().join(""));
    for (const part of parts) if (part.length >= 3) words.add(part);
  }
  words.delete("");
  return [...words];
}

export type Guessability = {
  /** log10 of the estimated number of guesses. */
  readonly guessesLog10: number;
  /** zxcvbn's warning key (`topTen`, `userInputs`, `dates`…), or null. */
  readonly warning: string | null;
};

export async function estimateGuessability(
  password: string,
  ownWords: readonly string[],
): Promise<Guessability> {
  const analysed = [...password].slice(0, analysedLength).join("");
  // The user's name with digits or symbols around and between its parts (`rossi.mario!`):
  // zxcvbn counts each piece apart and rates it higher than an attacker who knows the UPN would.
  const letters = analysed.toLowerCase().replace(/[^\p{L}]+/gu, "");
  if (letters.length > 0 && ownWords.includes(letters))
    return { guessesLog10: 0, warning: "userInputs" };
  const result: ZxcvbnResult = (await estimator()).check(analysed, [...ownWords]);
  // Without translations zxcvbn's warning is its key, which never quotes the password.
  return { guessesLog10: result.guessesLog10, warning: result.feedback.warning ?? null };
}
