import {
  type ExcludeTarget,
  type IncludeTarget,
  isMethodConfigurationId,
  type MethodConfiguration,
} from "./method-configuration.ts";

type StoredRow = {
  readonly method_id: string | null;
  readonly state: string | null;
  readonly include_targets_json: string | null;
  readonly exclude_targets_json: string | null;
};

/**
 * A stored row as a configuration; undefined for a method id Varco does not know (a row written
 * by a later version). The targets were checked when written; anything else reads as no target,
 * so a damaged row enables the method for nobody rather than for everyone.
 */
export function configurationOf(row: StoredRow): MethodConfiguration | undefined {
  if (row.method_id === null || !isMethodConfigurationId(row.method_id)) return undefined;
  return {
    id: row.method_id,
    state: row.state === "enabled" ? "enabled" : "disabled",
    includeTargets: targetsOf(row.include_targets_json).map((target) => ({
      targetType: "group",
      id: target.id,
      isRegistrationRequired: target.isRegistrationRequired === true,
    })),
    excludeTargets: targetsOf(row.exclude_targets_json).map(
      (target): ExcludeTarget => ({ targetType: "group", id: target.id }),
    ),
  };
}

/** The targets as the table keeps them: JSON arrays of `{ id, isRegistrationRequired? }`. */
export function targetsJson(targets: readonly (IncludeTarget | ExcludeTarget)[]): string {
  return JSON.stringify(
    targets.map((target) =>
      "isRegistrationRequired" in target
        ? { id: target.id, isRegistrationRequired: target.isRegistrationRequired }
        : { id: target.id },
    ),
  );
}

function targetsOf(json: string | null): { id: string; isRegistrationRequired?: unknown }[] {
  try {
    const parsed: unknown = JSON.parse(json ?? "[]");
    if (!Array.isArray(parsed)) return [];
    return parsed.filter(
      (t): t is { id: string } =>
        typeof t === "object" && t !== null && typeof (t as { id?: unknown }).id === "string",
    );
  } catch {
    return [];
  }
}
