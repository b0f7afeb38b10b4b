import type { PasswordResetMethod } from "../policy/password-reset/password-reset-methods.ts";

/** The tenant's self-service password reset settings, as the admin page shows them. */
export type AdminPasswordResetModel = {
  readonly enabledFor: "all" | "group" | "none";
  readonly groupId: string | null;
  readonly methodsRequired: number;
  readonly methods: readonly {
    readonly id: PasswordResetMethod;
    readonly checked: boolean;
    /** Whether it also proves a second factor at sign-in (Entra's "MFA" column). */
    readonly signIn: "enabled" | "disabled" | "never";
  }[];
  readonly registrationRequired: boolean;
  readonly groups: readonly { readonly id: string; readonly name: string }[];
  readonly readOnly: boolean;
  readonly notice?: "policy_saved";
  readonly error?: string;
  readonly errorDetail?: string;
};
