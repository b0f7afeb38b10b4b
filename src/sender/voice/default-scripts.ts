import type { GreetingKind, GreetingLanguage } from "./greeting-kinds.ts";

/** What a default script may name: the tenant, its fraud code, an extension to transfer to. */
export type ScriptFacts = {
  /** The tenant's display name, said where Entra's scripts say "Microsoft" or "your company". */
  readonly tenantName: string;
  /** The keys that report fraud (fraud-code.ts); said as keys ("0 seguito da cancelletto"). */
  readonly fraudCode: string;
  /** The extension of an office phone, for the extension prompts. */
  readonly extension?: string;
};

type Words = {
  readonly key: (key: string) => string;
  readonly followedBy: (first: string, second: string) => string;
  readonly scripts: (facts: ScriptFacts, code: string) => Record<GreetingKind, string>;
};

// Entra's default scripts ("Phone call settings", "Custom greetings"), with the tenant's own
// name and fraud code in place of Microsoft's.
const words: Record<GreetingLanguage, Words> = {
  it: {
    key: (key) => (key === "#" ? "cancelletto" : key === "*" ? "asterisco" : key),
    followedBy: (first, second) => `${first} seguito da ${second}`,
    scripts: ({ tenantName, extension }, code) => {
      const thanks = `Grazie per aver usato il sistema di verifica dell'accesso di ${tenantName}.`;
      const standard = `${thanks} Premere cancelletto per completare la verifica.`;
      const pin = `${thanks} Immettere il PIN seguito da cancelletto per completare la verifica.`;
      const fraud = `Se non si è avviato personalmente la procedura di verifica, è possibile che qualcuno stia tentando di accedere all'account. Premere ${code} per inviare un avviso di illecito, in modo da informare il team IT di ${tenantName} e bloccare ulteriori tentativi di verifica.`;
      const reported = `È stato inviato un avviso di illecito. Per sbloccare l'account, contattare l'help desk IT di ${tenantName}.`;
      return {
        authenticationSuccessful: "L'accesso è stato verificato correttamente. Arrivederci.",
        extensionPrompt: `${thanks} Premi il tasto cancelletto per continuare.`,
        fraudConfirmation: reported,
        fraudGreeting: `${standard} ${fraud}`,
        fraudReported: reported,
        activation: standard,
        authenticationDeniedRetry: "Verifica non consentita.",
        retry: standard,
        greeting: standard,
        greetingPin: pin,
        fraudGreetingPin: `${pin} ${fraud}`,
        retryPin: pin,
        extensionPromptAfterDigits:
          "Se si risponde già a questo interno, premere cancelletto per continuare.",
        authenticationDenied: "Al momento non è possibile effettuare l'accesso. Riprova più tardi.",
        activationGreeting: standard,
        activationRetry: standard,
        activationGreetingPin: pin,
        extensionPromptBeforeDigits: `${thanks} Trasferisci questa chiamata ${
          extension ? `all'interno ${extension}` : "all'interno indicato"
        }.`,
      };
    },
  },
  en: {
    key: (key) => (key === "#" ? "pound" : key === "*" ? "star" : key),
    followedBy: (first, second) => `${first} ${second}`,
    scripts: ({ tenantName, extension }, code) => {
      const thanks = `Thank you for using the sign-in verification system of ${tenantName}.`;
      const standard = `${thanks} Please press the pound key to finish your verification.`;
      const pin = `${thanks} Please enter your PIN followed by the pound key to finish your verification.`;
      const fraud = `If you did not initiate this verification, someone may be trying to access your account. Please press ${code} to submit a fraud alert. This will notify the IT team of ${tenantName} and block further verification attempts.`;
      const reported = `A fraud alert has been submitted. To unblock your account, please contact the IT help desk of ${tenantName}.`;
      return {
        authenticationSuccessful: "Your sign-in was successfully verified. Goodbye.",
        extensionPrompt: `${thanks} Please press the pound key to continue.`,
        fraudConfirmation: reported,
        fraudGreeting: `${standard} ${fraud}`,
        fraudReported: reported,
        activation: standard,
        authenticationDeniedRetry: "Verification denied.",
        retry: standard,
        greeting: standard,
        greetingPin: pin,
        fraudGreetingPin: `${pin} ${fraud}`,
        retryPin: pin,
        extensionPromptAfterDigits:
          "If already at this extension, press the pound key to continue.",
        authenticationDenied:
          "I'm sorry, we can't sign you in at this time. Please try again later.",
        activationGreeting: standard,
        activationRetry: standard,
        activationGreetingPin: pin,
        extensionPromptBeforeDigits: `${thanks} Please transfer this call to ${
          extension ? `extension ${extension}` : "the extension you were given"
        }.`,
      };
    },
  },
};

/** The keys of a code as a person hears them: "0 seguito da cancelletto", "0 pound". */
export function spokenKeys(code: string, language: GreetingLanguage): string {
  const { key, followedBy } = words[language];
  const [first = "", second] = [...code].map(key);
  return second === undefined ? first : followedBy(first, second);
}

/**
 * The text a call speaks for `kind` in `language` when the tenant has no recording of it: Entra's
 * default script, naming the tenant and the tenant's own fraud code. Plain text, not yet escaped.
 */
export function defaultGreetingScript(
  kind: GreetingKind,
  language: GreetingLanguage,
  facts: ScriptFacts,
): string {
  return words[language].scripts(facts, spokenKeys(facts.fraudCode, language))[kind];
}
