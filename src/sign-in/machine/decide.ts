import { type Decision, type LogLine, waits } from "./decision.ts";
import type { SignInFacts } from "./facts.ts";
import type { Gate } from "./gate.ts";
import { mfaSatisfiedBy } from "./gates/mfa.ts";
import type { Situation } from "./situation.ts";

const success: LogLine = { result: "success", reason: "success" };

/**
 * The one decision of the sign-in: the first gate that does not pass names the next step; when
 * every gate passes, the session starts. Pure, so the model-based test can run it by thousands.
 * A refused event writes its own reason to the log, whatever step follows.
 */
export function decide(gates: readonly Gate[], facts: SignInFacts, situation: Situation): Decision {
  for (const gate of gates) {
    const stop = gate.check(facts, situation);
    if (stop) {
      const log = situation.refusal ? refusedLog(situation) : stop.log;
      return { ...stop, gate: gate.name, log } as Decision;
    }
  }
  // A gate list without the MFA gate still names how MFA stands, as "notRequired" at worst.
  const mfa = mfaSatisfiedBy(facts, situation) ?? "notRequired";
  return { next: "session", mfa, gate: "session", log: success };
}

function refusedLog(situation: Situation): LogLine {
  return { result: "failure", reason: situation.refusal?.reason ?? "invalid_password" };
}

export { waits };
