import { type Static, Type } from "typebox";
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
  },
  { description: "Whether a method is enabled, and for whom" },
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
