/**
 * An answer as it is stored and compared: lower case (Unicode's default mapping, the same in
 * every locale), decomposed (NFKD) with the combining marks dropped, so "Caffè", "CAFFE" and
 * "caffe" are one answer; runs of white space as one space; no space at either end. Letters of
 * any script stay as they are ("東京都").
 */
export function normaliseSecurityAnswer(answer: string): string {
  return (
    answer
      .toLowerCase()
      .normalize("NFKD")
      .replace(/\p{M}+/gu, "")
      // Again: a compatibility form may decompose to a capital ("ℌ" is "H").
      .toLowerCase()
      .replace(/\s+/gu, " ")
      .trim()
  );
}
