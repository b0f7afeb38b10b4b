import type { TemporaryAccessPass } from "../../store/queries/temporary-access-passes.ts";

/** Where a pass stands at `now`, as an administrator sees it (Graph's methodUsabilityReason). */
export type PassState = "notYetValid" | "active" | "expired" | "used";

export function passState(pass: TemporaryAccessPass, now: number): PassState {
  if (pass.usedAt !== null) return "used";
  if (now >= pass.expiresAt) return "expired";
  if (now < pass.startAt) return "notYetValid";
  return "active";
}
