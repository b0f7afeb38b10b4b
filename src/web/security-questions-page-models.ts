/** Security info's section on security questions: shown when the user may have them. */
export type SecurityQuestionsSection = {
  securityQuestions?: {
    /** When the user registered the set; null: not registered. */
    registeredAt: number | null;
    /** The tenant offers them and the user holds no administrator role. */
    canRegister: boolean;
  };
};

/**
 * `/security-info/security-questions`: one question to choose and an answer to type for each of
 * the `count` the tenant asks. What the user chose comes back after a refusal; what they
 * answered never does.
 */
export type SecurityQuestionsModel = {
  count: number;
  /** The predefined questions in the page's language, then the tenant's own as typed. */
  predefined: { key: string; text: string }[];
  custom: { key: string; text: string }[];
  /** The question chosen in each place, "" for none yet. */
  chosen: string[];
  /** Each place's refusal, an error code, or null. */
  problems: (string | null)[];
  /** A refusal of the whole set (an error code). */
  error?: string;
  /** The user has a set already: this one replaces it. */
  registered: boolean;
};

/** `/admin/policy/security-questions`: the tenant's own questions. */
export type AdminSecurityQuestionsModel = {
  questions: { id: string; text: string; createdAt: number }[];
  max: number;
  readOnly: boolean;
  notice?: "custom_question_added" | "custom_question_deleted";
  error?: string;
  /** The text refused, shown again to correct. */
  text?: string;
};
