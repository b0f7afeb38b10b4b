/** A predefined question in the two languages of the pages. */
export type PredefinedSecurityQuestion = {
  /** Stable: `predefined:1` … `predefined:35`, in the order of the list below. Never renumbered. */
  readonly key: string;
  readonly it: string;
  readonly en: string;
};

// Entra's predefined security questions, in the order and the words of its documentation
// ("Domande predefinite" / "Predefined questions"), each in Italian and English. A user's answers
// are stored under the key, so a question keeps its place in this list for ever: a new one goes at
// the end, and one that is withdrawn keeps its number.
const texts: readonly { readonly it: string; readonly en: string }[] = [
  {
    it: "In quale città hai incontrato tuo marito o il tuo partner?",
    en: "In what city did you meet your first spouse/partner?",
  },
  {
    it: "In quale città si sono incontrati i tuoi genitori?",
    en: "In what city did your parents meet?",
  },
  {
    it: "In quale città vive tuo fratello/sorella più vicino/a?",
    en: "In what city does your nearest sibling live?",
  },
  { it: "In quale città è nato tuo padre?", en: "In what city was your father born?" },
  { it: "In quale città hai avuto il tuo primo lavoro?", en: "In what city was your first job?" },
  { it: "In quale città è nata tua madre?", en: "In what city was your mother born?" },
  {
    it: "In quale città hai trascorso il Capodanno del 2000?",
    en: "What city were you in on New Year's 2000?",
  },
  {
    it: "Qual è il cognome del tuo insegnante preferito delle scuole superiori?",
    en: "What is the last name of your favorite teacher in high school?",
  },
  {
    it: "Qual è il nome di una delle università a cui hai inviato una richiesta di iscrizione ma che non hai frequentato?",
    en: "What is the name of a college you applied to but didn't attend?",
  },
  {
    it: "In quale luogo si è tenuto il tuo primo ricevimento di matrimonio?",
    en: "What is the name of the place in which you held your first wedding reception?",
  },
  { it: "Qual è il secondo nome di tuo padre?", en: "What is your father's middle name?" },
  { it: "Qual è il tuo piatto preferito?", en: "What is your favorite food?" },
  {
    it: "Qual è il nome e il cognome della nonna materna?",
    en: "What is your maternal grandmother's first and last name?",
  },
  { it: "Qual è il secondo nome di tua madre?", en: "What is your mother's middle name?" },
  {
    it: "Qual è l'anno e il mese di nascita di tuo/a fratello/sorella maggiore? Ad esempio, novembre 1985",
    en: "What is your oldest sibling's birthday month and year? (e.g. November 1985)",
  },
  {
    it: "Qual è il secondo nome di tuo/a fratello/sorella maggiore?",
    en: "What is your oldest sibling's middle name?",
  },
  {
    it: "Qual è il nome e il cognome del nonno paterno?",
    en: "What is your paternal grandfather's first and last name?",
  },
  {
    it: "Qual è il secondo nome di tuo/a fratello/sorella minore?",
    en: "What is your youngest sibling's middle name?",
  },
  {
    it: "Quale scuola hai frequentato in prima media?",
    en: "What school did you attend for sixth grade?",
  },
  {
    it: "Qual è il nome e il cognome del tuo/a migliore amico/a di infanzia?",
    en: "What was the first and last name of your childhood best friend?",
  },
  {
    it: "Qual è il nome e il cognome del primo/a fidanzato/a?",
    en: "What was the first and last name of your first significant other?",
  },
  {
    it: "Qual è il nome del tuo insegnante preferito delle scuole elementari?",
    en: "What was the last name of your favorite grade school teacher?",
  },
  {
    it: "Qual è la marca e il modello della tua prima auto o moto?",
    en: "What was the make and model of your first car or motorcycle?",
  },
  {
    it: "Qual è il nome della prima scuola che hai frequentato?",
    en: "What was the name of the first school you attended?",
  },
  {
    it: "Qual è il nome dell'ospedale in cui sei nato?",
    en: "What was the name of the hospital in which you were born?",
  },
  {
    it: "Qual è il nome della via della tua prima casa di infanzia?",
    en: "What was the name of the street of your first childhood home?",
  },
  {
    it: "Qual è il nome del tuo supereroe preferito dell'infanzia?",
    en: "What was the name of your childhood hero?",
  },
  {
    it: "Qual è il nome del tuo animale di peluche preferito?",
    en: "What was the name of your favorite stuffed animal?",
  },
  { it: "Qual è il nome del primo animale domestico?", en: "What was the name of your first pet?" },
  { it: "Qual era il tuo soprannome da bambino?", en: "What was your childhood nickname?" },
  {
    it: "Qual è il tuo sport preferito alle scuole superiori?",
    en: "What was your favorite sport in high school?",
  },
  { it: "Qual è stato il tuo primo lavoro?", en: "What was your first job?" },
  {
    it: "Quali erano le ultime quattro cifre del tuo numero di telefono quando eri bambino/a?",
    en: "What were the last four digits of your childhood telephone number?",
  },
  {
    it: "Cosa volevi fare da grande quando eri piccolo?",
    en: "When you were young, what did you want to be when you grew up?",
  },
  {
    it: "Qual è la persona più famosa che hai mai incontrato?",
    en: "Who is the most famous person you have ever met?",
  },
];

/** The 35 predefined security questions, each with its stable key. */
export const predefinedSecurityQuestions: readonly PredefinedSecurityQuestion[] = Object.freeze(
  texts.map((text, index) => Object.freeze({ key: `predefined:${index + 1}`, ...text })),
);

const byKey = new Map(predefinedSecurityQuestions.map((question) => [question.key, question]));

/** The predefined question with this key, if there is one. */
export function predefinedSecurityQuestion(key: string): PredefinedSecurityQuestion | undefined {
  return byKey.get(key);
}
