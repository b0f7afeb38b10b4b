/** An app password on Security info or the admin user page: never the password itself. */
export type AppPasswordRow = {
  id: string;
  name: string;
  createdAt: number;
  lastUsedAt: number | null;
};

/**
 * Security info's "App passwords" (partials/app-passwords.eta): present only when the tenant
 * allows them (off by default).
 */
export type AppPasswordsSection = {
  appPasswords?: AppPasswordRow[];
};

/** "Create an app password": its name, and why it was refused. */
export type AppPasswordNewModel = {
  action: string;
  name?: string;
  error?:
    | "invalid_app_password_name"
    | "app_password_name_taken"
    | "too_many_app_passwords"
    | "app_passwords_not_allowed";
};

/** The new app password, shown once, in groups of four letters. */
export type AppPasswordCreatedModel = {
  name: string;
  password: string;
  continueUrl: string;
};
