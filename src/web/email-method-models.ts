/**
 * What partials/email-method.eta shows on Security info and on a user's admin page: the
 * authentication e-mail masked, and where its links go. Absent: the section is not shown (e-mail
 * is not enabled for the user, and the user has no address).
 */
export type EmailMethodSection = {
  emailMethod?: {
    /** The address masked (`m•••@s•••.it`); null when the user has none. */
    masked: string | null;
    /** The user may add or change the address here (Security info, Email enabled). */
    canChange: boolean;
    /** The viewer may remove it: the user, or an administrator with manageMethods. */
    canRemove: boolean;
    forAdmin: boolean;
    /** The path the links start from: `/security-info/email`, `/admin/users/{id}/email`. */
    base: string;
  };
};

/** Security info's e-mail pages: the address to send a code to, the code, the removal. */
export type EmailMethodPageModel =
  | {
      mode: "address";
      /** What the user typed, back on the page after a refusal. */
      address?: string;
      /** The user has an address: this page changes it. */
      replacing: boolean;
      error?: string;
    }
  | { mode: "code"; masked: string; error?: "invalid_code" }
  | { mode: "remove"; masked: string };
