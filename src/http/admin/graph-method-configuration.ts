import { type Static, Type } from "typebox";
import {
  type Fido2Settings,
  maxKeyRestrictionAaGuids,
} from "../../policy/method-configurations/fido2-settings.ts";
import {
  type MethodConfiguration,
  type MethodConfigurationId,
  maxMethodTargets,
  methodConfigurationIds,
} from "../../policy/method-configurations/method-configuration.ts";
import { TenantPolicyBody } from "./tenant-policy-shape.ts";

/** Graph's type of each method's configuration, as `@odata.type` names it. */
export const methodConfigurationTypes: Record<MethodConfigurationId, string> = {
  SoftwareOath: "#microsoft.graph.softwareOathAuthenticationMethodConfiguration",
  HardwareOath: "#microsoft.graph.hardwareOathAuthenticationMethodConfiguration",
  TemporaryAccessPass: "#microsoft.graph.temporaryAccessPassAuthenticationMethodConfiguration",
  Sms: "#microsoft.graph.smsAuthenticationMethodConfiguration",
  Voice: "#microsoft.graph.voiceAuthenticationMethodConfiguration",
  Fido2: "#microsoft.graph.fido2AuthenticationMethodConfiguration",
  Email: "#microsoft.graph.emailAuthenticationMethodConfiguration",
};

const TargetId = Type.String({
  maxLength: 100,
  description: "`all_users`, or the id of one of the tenant's groups",
});
const IncludeTarget = Type.Object(
  {
    targetType: Type.Literal("group"),
    id: TargetId,
    isRegistrationRequired: Type.Boolean({ description: "Kept as Graph has it" }),
  },
  { additionalProperties: false },
);
const ExcludeTarget = Type.Object(
  {
    targetType: Type.Literal("group"),
    id: Type.String({ maxLength: 100, description: "The id of one of the tenant's groups" }),
  },
  { additionalProperties: false },
);

const AaGuid = Type.String({
  maxLength: 36,
  pattern: "^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$",
  description: "An authenticator model's AAGUID, lower-case",
});

/** Fido2's own settings, as Graph's fido2AuthenticationMethodConfiguration has them, and Varco's. */
const fido2Fields = {
  isAttestationEnforced: Type.Boolean({
    description: "Fido2 only: only authenticators that prove their model may register",
  }),
  isSelfServiceRegistrationAllowed: Type.Boolean({
    description: "Fido2 only: users may register passkeys themselves on Security info",
  }),
  keyRestrictions: Type.Object(
    {
      isEnforced: Type.Boolean({ description: "Whether the list below decides" }),
      enforcementType: Type.Enum(["allow", "block"], {
        description: "allow: only these models may register; block: these models may not",
      }),
      aaGuids: Type.Array(AaGuid, {
        maxItems: maxKeyRestrictionAaGuids,
        description: `At most ${maxKeyRestrictionAaGuids}, each once`,
      }),
    },
    {
      additionalProperties: false,
      description: "Fido2 only: Entra's key restrictions, by authenticator model",
    },
  ),
  isUserVerificationRequired: Type.Boolean({
    description:
      "Fido2 only (Varco): a key used after the password must verify the user (PIN, biometrics)",
  }),
  clonedCredentialAction: Type.Enum(["refuse", "allow"], {
    description:
      "Fido2 only (Varco): refuse: a credential whose signature counter went backwards signs in no more; allow: it is only flagged",
  }),
};

const State = Type.Enum(["enabled", "disabled"], {
  description: "Sms and Voice are enabled only while the tenant has a gateway that sends them",
});

export const GraphMethodConfiguration = Type.Object(
  {
    "@odata.type": Type.Enum(Object.values(methodConfigurationTypes)),
    id: Type.Enum([...methodConfigurationIds]),
    state: State,
    includeTargets: Type.Array(IncludeTarget, {
      description: "Who has the method: all_users, or members of these groups",
    }),
    excludeTargets: Type.Array(ExcludeTarget, {
      description: "Members of these groups never have the method",
    }),
    ...Type.Partial(Type.Object(fido2Fields)).properties,
  },
  { description: "Whether a method is enabled, and for whom; Fido2's with its settings" },
);

/** A change: the fields given replace the stored ones; `@odata.type` and `id` may come back as read. */
export const MethodConfigurationChanges = Type.Object(
  {
    "@odata.type": Type.Optional(Type.String({ maxLength: 100, description: "The id's type" })),
    id: Type.Optional(Type.String({ maxLength: 40, description: "The path's id" })),
    state: Type.Optional(State),
    includeTargets: Type.Optional(
      Type.Array(
        Type.Object(
          {
            targetType: Type.Literal("group"),
            id: TargetId,
            isRegistrationRequired: Type.Optional(Type.Boolean()),
          },
          { additionalProperties: false },
        ),
        { maxItems: maxMethodTargets, description: `At least 1, at most ${maxMethodTargets}` },
      ),
    ),
    excludeTargets: Type.Optional(
      Type.Array(ExcludeTarget, {
        maxItems: maxMethodTargets,
        description: `At most ${maxMethodTargets}; never all_users`,
      }),
    ),
    ...Type.Partial(Type.Object(fido2Fields)).properties,
    keyRestrictions: Type.Optional(
      Type.Partial(fido2Fields.keyRestrictions, {
        additionalProperties: false,
        description: "Fido2 only: the fields given replace the stored ones",
      }),
    ),
  },
  { additionalProperties: false, description: "The fields to change" },
);

/** A configuration as Graph's `authenticationMethodConfiguration` of its method's type. */
export function graphMethodConfiguration(
  configuration: MethodConfiguration,
): Static<typeof GraphMethodConfiguration> {
  return {
    "@odata.type": methodConfigurationTypes[configuration.id],
    id: configuration.id,
    state: configuration.state,
    includeTargets: configuration.includeTargets.map((target) => ({ ...target })),
    excludeTargets: configuration.excludeTargets.map((target) => ({ ...target })),
    ...(configuration.fido2Settings ? graphFido2Settings(configuration.fido2Settings) : {}),
  };
}

function graphFido2Settings(settings: Fido2Settings) {
  return {
    ...settings,
    keyRestrictions: {
      ...settings.keyRestrictions,
      aaGuids: [...settings.keyRestrictions.aaGuids],
    },
  };
}

/** Graph's `authenticationMethodsPolicy`: the tenant's settings and every method's configuration. */
export const AuthenticationMethodsPolicyBody = Type.Object(
  {
    ...TenantPolicyBody.properties,
    authenticationMethodConfigurations: Type.Array(GraphMethodConfiguration, {
      description:
        "Every method, in a fixed order; change one at authenticationMethodConfigurations/{id}",
    }),
  },
  { description: "The tenant's MFA policy: every setting, and which methods are enabled for whom" },
);
