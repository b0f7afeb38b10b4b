import { stackedColumns } from "../../src/reports/chart-geometry.ts";
import { defaultGreetingScript } from "../../src/sender/voice/default-scripts.ts";
import { greetingKinds, greetingLanguages } from "../../src/sender/voice/greeting-kinds.ts";
import { type SignInOutcome, signInOutcomes } from "../../src/store/queries/rollout-report.ts";
import type { CommonModel, Language, PageModels } from "../../src/web/render-page.ts";
import { pngImage } from "../support/images.ts";

/** A value a person controls, written to break out of HTML text and attributes. */
export const hostile = `<script>alert(1)</script>"'&`;

export const otpauthUri =
  "otpauth://totp/Comune%20di%20Pisa:s.sagliocco%40comune.pisa.it?secret=JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP&issuer=Comune%20di%20Pisa&algorithm=SHA1&digits=6&period=30";

const at = Date.UTC(2025, 9, 27, 13, 30); // 27 October 2025, 14:30 in Rome (CET)
const day = 24 * 60 * 60 * 1000;

export function commonModel(lang: Language, signedIn = false): CommonModel {
  return {
    lang,
    csrfToken: "csrf-token-AbC_123-xyz",
    tenantName: "Comune di Pisa",
    signedIn,
    isAdmin: signedIn,
    // A Global Administrator's menu: every entry, so every page's words are rendered.
    ...(signedIn
      ? {
          adminNav: {
            signIns: true,
            audit: true,
            riskyUsers: true,
            lockouts: true,
            tokens: true,
            policy: true,
            dashboard: true,
            campaigns: true,
            domains: true,
            scimTokens: true,
            methods: true,
          },
        }
      : {}),
    ...(signedIn
      ? { accounts: { current: pisaAccount, others: [schoolAccount], canAdd: true } }
      : {}),
    path: "/sign-in/verify?returnTo=%2Fapps",
  };
}

const backupCodes = [
  "4831 0927",
  "7720 1184",
  "0391 5562",
  "2245 8810",
  "9913 0476",
  "6608 2391",
  "1187 4450",
  "5502 7719",
  "3376 9021",
  "8049 3368",
  "2714 6605",
  "6630 1842",
];

/** Plain sample models: what a typical visit shows. */
/** A roll-out a month in: most users registered, a few wrong codes, one fraud report. */
function sampleDashboard(at: number): PageModels["admin-dashboard"] {
  const signIns = Array.from({ length: 30 }, (_, i) => ({
    date: new Date(at - (29 - i) * 86_400_000).toISOString().slice(0, 10),
    success: 40 + ((i * 7) % 23),
    mfaDenied: i % 5,
    lockedOut: i === 12 ? 2 : 0,
    fraudReported: i === 20 ? 1 : 0,
  }));
  const total = (key: SignInOutcome) => signIns.reduce((sum, d) => sum + d[key], 0);
  return {
    scope: "group",
    requiredMethods: 1,
    registration: { users: 412, registered: 357 },
    groups: [
      {
        id: "g1",
        name: "Segreteria e amministrazione del personale docente",
        users: 38,
        registered: 30,
      },
      { id: "g2", name: "Docenti", users: 374, registered: 327 },
    ],
    unregistered: [
      {
        id: "u1",
        upn: "s.sagliocco@comune.pisa.it",
        displayName: "Salvatore Sagliocco",
        mail: null,
        department: null,
        blocked: false,
        blockedUntil: null,
      },
      {
        id: "u2",
        upn: "maria.antonietta.bellavista-dellagherardesca@comune.pisa.it",
        displayName: "Maria Antonietta Bellavista",
        mail: null,
        department: "Tributi",
        blocked: false,
        blockedUntil: null,
      },
    ],
    methods: { byKind: { softwareOath: 349, hardwareOath: 12 }, usersWithBackupCodes: 301 },
    signIns,
    signInTotals: {
      success: total("success"),
      mfaDenied: total("mfaDenied"),
      lockedOut: total("lockedOut"),
      fraudReported: total("fraudReported"),
    },
    signInChart: stackedColumns(signIns, signInOutcomes),
    risk: {
      count: 1,
      users: [{ id: "u3", upn: "g.rossi@comune.pisa.it", state: "atRisk", updatedAt: at }],
    },
  };
}

export function sampleModels(qrSvg: string): { [P in keyof PageModels]: PageModels[P] } {
  return {
    "sign-in": { upn: "s.sagliocco@comune.pisa.it", error: "invalid_credentials" },
    "tap-sign-in": {
      upn: "s.sagliocco@comune.pisa.it",
      tenant: "pisa",
      error: "invalid_credentials",
    },
    verify: {
      methods: [
        {
          id: "m1",
          label: "PC-casa",
          isDefault: true,
          failedAttempts: 2,
          maxAttempts: 10,
          digits: 6,
        },
        { id: "m2", label: "Tablet", isDefault: false, failedAttempts: 0, maxAttempts: 10 },
      ],
      phones: [
        { phoneType: "mobile", maskedNumber: "+39 ••• •••• 73", sms: true, voice: true },
        { phoneType: "office", maskedNumber: "+39 ••• •••• 40", sms: false, voice: true },
      ],
      selectedMethodId: "m1",
      error: "invalid_code",
      rememberDeviceDays: 30,
      backupCodesLeft: 10,
      canReport: true,
    },
    "fraud-reported": {
      action: "block",
      helpdeskContact: "Segreteria digitale, stanza 12",
      administratorNotified: true,
    },
    "admin-users": {
      query: "s.sag",
      users: [
        {
          id: "u1",
          upn: "s.sagliocco@comune.pisa.it",
          displayName: "Silvia Sagliocco",
          blocked: false,
          lockedUntil: at + 15 * 60_000,
          riskLevel: "high",
          roles: [],
        },
        {
          id: "u2",
          upn: "s.sala@comune.pisa.it",
          displayName: "Sergio Sala",
          blocked: true,
          lockedUntil: null,
          riskLevel: null,
          roles: ["helpdeskAdministrator"],
        },
      ],
      nextHref: "/admin/users?q=s.sag&after=s.sala%40comune.pisa.it",
      canCreate: true,
      notice: "user_deleted",
    },
    confirm: {
      kind: "signOutEverywhere",
      action: "/sign-out-everywhere",
    },
    "admin-confirm": {
      kind: "removeMethod",
      userId: "u1",
      upn: "s.sagliocco@comune.pisa.it",
      methodLabel: "PC-casa",
      action: "/admin/users/u1/methods/m1/remove",
    },
    "admin-user-delete": {
      userId: "u1",
      upn: "s.sagliocco@comune.pisa.it",
      displayName: "Silvia Sagliocco",
    },
    "admin-user": {
      phones: [{ type: "mobile", masked: "+39 ••• •••• 67" }],
      freePhoneTypes: ["alternateMobile", "office"],
      phoneBase: "/admin/users/u1/phones",
      canChangePhones: true,
      phonesForAdmin: true,
      defaultMethod: {
        action: "/admin/users/u1/default-method",
        forAdmin: true,
        choices: [
          { value: "m1", kind: "app", label: "PC-casa", selected: false },
          { value: "sms:mobile", kind: "sms", label: "+39 ••• •••• 67", selected: true },
          { value: "voice:mobile", kind: "voice", label: "+39 ••• •••• 67", selected: false },
        ],
      },
      user: {
        id: "u1",
        upn: "s.sagliocco@comune.pisa.it",
        displayName: "Silvia Sagliocco",
        blocked: true,
        blockedReason: "Fraud reported",
        blockedUntil: at + 90 * day,
        lockedUntil: at + 15 * 60_000,
        riskLevel: "high",
        roles: [],
        createdAt: at - 30 * day,
        lastSignInAt: at - day,
        reregistrationRequired: false,
        passwordChangeForcedAt: at - day,
        mail: "s.sagliocco@comune.pisa.it",
        mobilePhone: "+39 333 1234567",
        department: null,
      },
      risk: {
        level: "high",
        state: "atRisk",
        detail: "userReportedSuspiciousActivity",
        updatedAt: at,
      },
      methods: [
        {
          id: "m1",
          label: "PC-casa",
          kind: "softwareOath",
          state: "active",
          isDefault: true,
          failedAttempts: 2,
          lastUsedAt: at - day,
        },
        {
          id: "m2",
          label: "1234567",
          kind: "hardwareOath",
          state: "pending",
          isDefault: false,
          failedAttempts: 0,
          lastUsedAt: null,
        },
      ],
      passkeys: [
        {
          id: "p1",
          name: "YubiKey 5 NFC dell'ufficio tributi e servizi fiscali",
          kind: "securityKey",
          model: "YubiKey 5 Series",
          createdAt: at - 3 * day,
          lastUsedAt: at - 3_600_000,
          clonedAt: at - 3_600_000,
        },
        {
          id: "p2",
          name: "Telefono",
          kind: "passkey",
          model: null,
          createdAt: at - day,
          lastUsedAt: null,
          clonedAt: null,
        },
      ],
      tap: null,
      sessionCount: 2,
      rememberedDeviceCount: 1,
      signIns: [
        { time: at, result: "failure", reason: "fraud_reported", ip: "203.0.113.9", method: null },
        {
          time: at - day,
          result: "success",
          reason: "success",
          ip: "203.0.113.9",
          method: "softwareOath",
        },
      ],
      tapDefaultMinutes: 60,
      tapMinMinutes: 60,
      tapMaxMinutes: 480,
      can: {
        manageMethods: true,
        issueTemporaryAccessPass: true,
        requireReregistration: true,
        manageSessions: true,
        manageUsers: true,
        blockUsers: true,
        readLogs: true,
        manageRisk: true,
        resetPassword: true,
      },
      notice: "password_reset",
      ended: { sessions: 2, devices: 1 },
    },
    "admin-tap-issued": {
      userId: "u1",
      upn: "s.sagliocco@comune.pisa.it",
      pass: "kX7mP2qR",
      startAt: at,
      expiresAt: at + 60 * 60_000,
      usableOnce: true,
      notYetValid: false,
    },
    "admin-policy": {
      values: {
        mfaRequiredFor: "group",
        mfaGroupId: "g1",
        phishingResistantForAdministrators: "on",
        phishingResistantGroupIds: "g1",
        highRiskAction: "block",
        requiredMethodCount: "1",
        totpWindow: "1",
        lockoutThreshold: "10",
        lockoutResetMinutes: "10",
        lockoutMinutes: "15",
        passwordAttemptsPerAddress: "100",
        rememberDeviceDays: "30",
        sessionIdleMinutes: "60",
        recentAuthenticationMinutes: "60",
        sessionMaxHours: "12",
        tapMinimumLifetimeMinutes: "60",
        tapMaximumLifetimeMinutes: "480",
        tapDefaultLifetimeMinutes: "60",
        tapLength: "10",
        tapUsableOnceOnly: "on",
        reportSuspiciousActivity: "on",
        trustedIpRanges: "192.0.2.0/24\n2001:db8::/32",
        fraudNotificationEmails: "security@comune.pisa.it",
        helpdeskContact: "Ufficio sistemi informativi, 050 910 111",
      },
      groups: [{ id: "g1", name: "Uffici" }],
      readOnly: false,
      error: "invalid_ip_range",
      errorDetail: "10.0.0.0/33 is not a valid range",
    },
    "admin-sign-ins": {
      upn: "s.sag",
      result: "failure",
      entries: [
        {
          time: at,
          upn: "s.sagliocco@comune.pisa.it",
          result: "failure",
          reason: "fraud_reported",
          ip: "203.0.113.9",
          method: null,
          mfa: null,
        },
      ],
      nextHref: "/admin/sign-ins?upn=s.sag&t=1&i=x",
    },
    "admin-dashboard": sampleDashboard(at),
    "admin-campaigns": {
      campaigns: [
        {
          id: "c1",
          tenantId: "t1",
          groupId: "g1",
          groupName: "Segreteria e amministrazione del personale docente",
          startsAt: at - 7 * day,
          deadlineAt: at + 21 * day,
          postponementsAllowed: 3,
          reminderIntervalDays: 7,
          createdAt: at - 7 * day,
          endedAt: null,
          state: "running",
          users: 38,
          registered: 30,
        },
        {
          id: "c2",
          tenantId: "t1",
          groupId: null,
          groupName: null,
          startsAt: at - 90 * day,
          deadlineAt: at - 30 * day,
          postponementsAllowed: 0,
          reminderIntervalDays: 3,
          createdAt: at - 90 * day,
          endedAt: null,
          state: "ended",
          users: 412,
          registered: 409,
        },
      ],
      groups: [{ id: "g1", name: "Segreteria e amministrazione del personale docente" }],
      canManage: true,
      now: at,
      values: { group: "", start: "", deadline: "", postponements: "3", reminderDays: "7" },
      notice: "campaign_created",
    },
    "admin-lockouts": {
      users: [
        {
          id: "u1",
          upn: "s.sagliocco@comune.pisa.it",
          failures: 10,
          lockedUntil: at + 15 * 60_000,
        },
      ],
    },
    "admin-risky-users": {
      users: [
        {
          id: "u1",
          upn: "s.sagliocco@comune.pisa.it",
          level: "high",
          state: "atRisk",
          detail: "userReportedSuspiciousActivity",
          updatedAt: at,
        },
      ],
    },
    "admin-tokens": {
      tokens: [
        {
          serialNumber: "1234567",
          manufacturer: "Contoso",
          model: "HardwareKey",
          oathType: "totp",
          status: "activated",
          upn: "s.sagliocco@comune.pisa.it",
        },
        {
          serialNumber: "HOTP-1",
          manufacturer: "",
          model: "",
          oathType: "hotp",
          status: "available",
          upn: null,
        },
      ],
      nextHref: "/admin/tokens?after=HOTP-1",
      canImport: true,
      canAssign: true,
      notice: "token_assigned",
    },
    "admin-token-import": {
      id: "i1",
      imported: 98,
      assigned: 10,
      failed: 2,
      refused: [
        { line: 4, serial: "GHOST-1", error: "no user nobody@comune.pisa.it in this tenant" },
        {
          line: 9,
          serial: "BAD-KEY",
          error: "secret key: character '*' at position 4 is not in the Base32 alphabet",
        },
      ],
    },
    "admin-users-bulk": { kind: "create" },
    "admin-users-bulk-outcome": {
      id: "b1",
      kind: "create",
      done: 48,
      failed: 2,
      refused: [
        {
          line: 5,
          upn: "mario.rossi@comune.pisa.it",
          error: "a user mario.rossi@comune.pisa.it exists already",
        },
        { line: 9, upn: "anna", error: "the user name must look like name@domain" },
      ],
    },
    "admin-audit": {
      action: "Create temporary access pass",
      activities: ["Create temporary access pass", "Delete user"],
      entries: [
        {
          time: at,
          actor: "helpdesk@comune.pisa.it",
          action: "Create temporary access pass",
          target: "s.sagliocco@comune.pisa.it",
          ticket: "HD-77",
        },
      ],
      nextHref: "/admin/audit?action=Create&before=12",
    },
    "change-password": { reason: "risk", error: "invalid_password" },
    "other-ways": { backupCodesLeft: 7, helpdeskContact: "" },
    "backup-code": { error: "invalid_code", rememberDeviceDays: 30 },
    locked: {
      until: at + 15 * 60 * 1000,
      signInUrl: "/t/comune-pisa/sign-in",
      helpdeskContact: "helpdesk@comune.pisa.it, 050 910 111",
    },
    blocked: { helpdeskContact: "helpdesk@comune.pisa.it, 050 910 111" },
    "register-intro": { step: 1, total: 2, postpone: { left: 2, deadlineAt: at + 14 * day } },
    "enrol-app": { action: "/sign-in/register/app", label: "PC casa", error: "invalid_label" },
    "enrol-qr": {
      action: "/sign-in/register/app/verify",
      methodId: "m1",
      qrSvg,
      otpauthUri,
      secretGroups: "JBSW Y3DP EHPK 3PXP JBSW Y3DP EHPK 3PXP",
      pngUrl: "/sign-in/register/app/qr.png?methodId=m1",
      step: 1,
      total: 2,
    },
    "backup-codes": {
      codes: backupCodes,
      continueUrl: "/security-info",
    },
    "security-info": {
      phones: [{ type: "office", masked: "+39 ••• •••• 78" }],
      freePhoneTypes: ["mobile", "alternateMobile"],
      phoneBase: "/security-info/phones",
      canChangePhones: true,
      phonesForAdmin: false,
      defaultMethod: {
        action: "/security-info/default-method",
        forAdmin: false,
        choices: [
          { value: "m1", kind: "app", label: "PC-casa", selected: false },
          { value: "m2", kind: "app", label: "Tablet", selected: false },
          { value: "voice:office", kind: "voice", label: "+39 ••• •••• 78", selected: true },
        ],
      },
      upn: "s.sagliocco@comune.pisa.it",
      displayName: "Silvia Sagliocco",
      methods: [
        {
          id: "m1",
          label: "PC-casa",
          kind: "softwareOath",
          state: "active",
          isDefault: true,
          failedAttempts: 0,
          maxAttempts: 10,
          createdAt: at - 400 * day,
          lastUsedAt: at - day,
        },
        {
          id: "m2",
          label: "Tablet",
          kind: "softwareOath",
          state: "active",
          isDefault: false,
          failedAttempts: 3,
          maxAttempts: 10,
          createdAt: at - 30 * day,
          lastUsedAt: null,
        },
        {
          id: "m3",
          label: "Telefono-nuovo",
          kind: "softwareOath",
          state: "pending",
          isDefault: false,
          failedAttempts: 0,
          maxAttempts: 10,
          createdAt: at,
          lastUsedAt: null,
        },
      ],
      backupCodesLeft: 9,
      devices: [
        {
          id: "d1",
          createdAt: at - 3 * day,
          lastUsedAt: at - day,
          expiresAt: at + 27 * day,
          userAgent:
            "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36",
        },
      ],
      sessions: [
        {
          id: "s1",
          current: true,
          createdAt: at - 60 * 60 * 1000,
          lastSeenAt: at,
          ip: "93.184.216.34",
          userAgent: "Mozilla/5.0 (X11; Linux x86_64; rv:133.0) Gecko/20100101 Firefox/133.0",
        },
        {
          id: "s2",
          current: false,
          createdAt: at - 2 * day,
          lastSeenAt: at - day,
          ip: null,
          userAgent: null,
        },
      ],
      notice: "method_added",
    },
    reauth: {
      returnTo: "/security-info",
      proof: "code",
      methods: [
        { id: "m1", label: "Telefono" },
        { id: "m2", label: "PC-casa" },
      ],
      selectedMethodId: "m2",
      backupCodesLeft: 9,
      error: "invalid_code",
    },
    error: { code: "csrf_failed" },
    "verify-sms": {
      phoneType: "mobile",
      maskedNumber: "+39 ••• •••• 73",
      resendInSeconds: 20,
      digits: 6,
      rememberDeviceDays: 30,
      error: "invalid_code",
    },
    "register-phone": {
      step: 2,
      total: 2,
      countries: [
        { code: "IT", callingCode: "39", name: "Italia" },
        { code: "SM", callingCode: "378", name: "San Marino" },
      ],
      selectedCountry: "IT",
      number: "329 482",
      error: "invalid_phone_number",
    },
    "register-phone-code": {
      step: 2,
      total: 2,
      phoneNumber: "+39 3294823973",
      resendInSeconds: 0,
      digits: 6,
      error: "invalid_code",
    },
    "register-phone-done": { step: 2, total: 2, continueUrl: "/security-info" },
    "verify-call": {
      phoneType: "mobile",
      maskedNumber: "+39 ••• •••• 73",
      status: "calling",
      againInSeconds: 20,
      fraudCode: "0#",
      rememberDeviceDays: 30,
      error: "phone_call_waiting",
    },
    "admin-branding": {
      accentColour: "#7a1f5c",
      logoUrl: `data:image/png;base64,${pngImage(120, 40, [122, 31, 92]).toString("base64")}`,
      readOnly: false,
      error: "accent_colour_low_contrast",
    },
    "admin-domains": {
      domains: [
        { name: "comune.pisa.it", createdAt: at - 30 * day },
        { name: "scuole.comune.pisa.it", createdAt: at - day },
      ],
      typed: "comune.pisa",
      error: "invalid_domain",
    },
    "admin-scim-tokens": {
      tokens: [
        {
          id: "0f6e3c1a-5b1d-4c55-9d3e-2a8f0c6b7e11",
          name: "Entra ID",
          createdAt: at - 30 * day,
          lastUsedAt: at - 60_000,
          revokedAt: null,
        },
        {
          id: "5c2d9e7b-0a41-4f3c-8b6e-1d7f2a9c4e22",
          name: "Anagrafe scolastica",
          createdAt: at - 90 * day,
          lastUsedAt: null,
          revokedAt: at - 30 * day,
        },
      ],
      typed: "",
      notice: "scim_token_revoked",
    },
    "admin-scim-token-created": {
      name: "Entra ID",
      token: "varco_scim_q3Zx8LwT1nV0aB7cD2eF5gH9jK4mN6pR8sU1vW3yZ0A",
      scimUrl: "https://mfa.comune.pisa.it/scim/v2",
    },
    "admin-tenant-confirm": {
      kind: "removeDomain",
      subject: "scuole.comune.pisa.it",
      action: "/admin/domains/scuole.comune.pisa.it/remove",
    },
    "admin-phone": {
      values: {
        primaryKind: "smpp",
        primaryHost: "smsc.operatore.it",
        primaryPort: "2775",
        primarySystemId: "comunepisa",
        primarySourceAddress: "ComunePisa",
        secondaryKind: "twilio",
        secondaryBaseUrl: "https://api.twilio.com",
        secondaryAccountSid: "AC0123456789abcdef0123456789abcdef",
        secondaryFrom: "+393330001111",
        voiceKind: "twilio",
        voiceBaseUrl: "https://api.twilio.com",
        voiceAccountSid: "AC0123456789abcdef0123456789abcdef",
        callerId: "+390500000000",
        fraudCode: "0#",
        country: "IT",
        allowedCountries: "IT SM VA",
        messagesPerUserPerHour: "5",
        messagesPerNumberPerHour: "5",
        messagesPerTenantPerHour: "200",
        monthlyMessageCap: "0",
        codeLength: "6",
        codeLifetimeMinutes: "5",
        resendCooldownSeconds: "30",
      },
      configured: { primary: true, secondary: true, voice: true },
      readOnly: false,
      notice: "phone_settings_saved",
    },
    accounts: {
      current: pisaAccount,
      others: [schoolAccount],
      canAdd: true,
      notice: "signed_out",
    },
    "admin-voice-greetings": {
      languages: greetingLanguages.map((language) => ({
        language,
        greetings: greetingKinds.map((kind) => ({
          kind,
          script: defaultGreetingScript(kind, language, {
            tenantName: "Comune di Pisa",
            fraudCode: "0#",
          }),
          ...(language === "it" && kind === "fraudGreeting"
            ? {
                recording: {
                  contentType: "audio/mpeg",
                  durationMs: 14_200,
                  size: 227_000,
                  createdAt: at - day,
                  url: "/hooks/voice/greetings/t1/it/fraudGreeting",
                },
              }
            : {}),
        })),
      })),
      kinds: [...greetingKinds],
      selected: { language: "it", kind: "fraudGreeting" },
      readOnly: false,
      error: "greeting_too_long",
    },
    "admin-methods": {
      methods: [
        ["SoftwareOath", "enabled"],
        ["HardwareOath", "enabled"],
        ["TemporaryAccessPass", "enabled"],
        ["Sms", "disabled"],
        ["Voice", "disabled"],
        ["Fido2", "enabled"],
        ["Email", "disabled"],
      ].map(([id, state]) => ({
        id: id as "SoftwareOath",
        state: state as "enabled" | "disabled",
        allUsers: id !== "Fido2",
        includeGroups:
          id === "Fido2" ? [{ id: "g1", name: "Ufficio tributi e servizi fiscali" }] : [],
        excludeGroups: id === "SoftwareOath" ? [{ id: "g2", name: "Tirocinanti" }] : [],
        needsGateway: id === "Sms" || id === "Voice",
      })),
      groups: [
        { id: "g1", name: "Ufficio tributi e servizi fiscali" },
        { id: "g2", name: "Tirocinanti" },
      ],
      fido2: {
        isAttestationEnforced: true,
        isSelfServiceRegistrationAllowed: true,
        isUserVerificationRequired: true,
        keyRestrictionsEnforced: true,
        enforcementType: "allow",
        aaGuids: [
          { aaGuid: "cb69481e-8ff7-4039-93ec-0a2729a154a8", model: "YubiKey 5 Series" },
          { aaGuid: "0a0b0c0d-1111-4222-8333-444455556666", model: null },
        ],
        aaGuidsText: "cb69481e-8ff7-4039-93ec-0a2729a154a8\n0a0b0c0d-1111-4222-8333-444455556666",
        clonedCredentialAction: "refuse",
      },
      readOnly: false,
      refused: { method: "Sms", code: "phone_gateway_not_configured" },
    },
    "admin-phone-messages": {
      upn: "s.sag",
      channel: "sms",
      status: "",
      entries: [
        {
          time: at,
          upn: "maria.antonietta.bellavista-dellagherardesca@comune.pisa.it",
          channel: "sms",
          purpose: "registration",
          recipient: "+39 ••• •••• 12",
          status: "undelivered",
          gateway: "secondary",
          gatewayMessageId: "SM0123456789abcdef0123456789abcdef",
          detail: "stat:UNDELIV err:034 text:Numero inesistente o non raggiungibile",
        },
        {
          time: at - 60_000,
          upn: "s.sagliocco@comune.pisa.it",
          channel: "voice",
          purpose: "signIn",
          recipient: "+39 ••• •••• 34",
          status: "fraud",
          gateway: "primary",
          gatewayMessageId: "CA0123456789abcdef0123456789abcdef",
          detail: null,
        },
      ],
      nextHref: "/admin/phone/messages?channel=sms&t=1&i=x",
    },
  };
}

const pisaAccount = {
  id: "0f6e3c1a-5b1d-4c55-9d3e-2a8f0c6b7e11",
  upn: "s.sagliocco@comune.pisa.it",
  displayName: "Stefania Sagliocco",
  tenantName: "Comune di Pisa",
};
const schoolAccount = {
  id: "5c2d9e7b-0a41-4f3c-8b6e-1d7f2a9c4e22",
  upn: "s.sagliocco@scuola.pisa.it",
  displayName: "Stefania Sagliocco",
  tenantName: "Liceo Galilei",
};

/** The same pages with every value a person controls set to `hostile`. */
export function hostileModels(qrSvg: string): { [P in keyof PageModels]: PageModels[P] } {
  const models = sampleModels(qrSvg);
  return {
    ...models,
    "sign-in": { upn: hostile, error: "invalid_credentials" },
    "tap-sign-in": { upn: hostile, tenant: hostile, error: "invalid_credentials" },
    "admin-users": {
      ...models["admin-users"],
      query: hostile,
      users: models["admin-users"].users.map((u) => ({ ...u, upn: hostile, displayName: hostile })),
      error: hostile,
    },
    "admin-domains": {
      domains: [{ name: hostile, createdAt: at }],
      typed: hostile,
      error: hostile,
    },
    "admin-scim-tokens": {
      ...models["admin-scim-tokens"],
      tokens: models["admin-scim-tokens"].tokens.map((t) => ({ ...t, id: hostile, name: hostile })),
      typed: hostile,
      error: hostile,
    },
    "admin-scim-token-created": { name: hostile, token: hostile, scimUrl: hostile },
    "admin-methods": {
      ...models["admin-methods"],
      methods: models["admin-methods"].methods.map((m) => ({
        ...m,
        includeGroups: [{ id: hostile, name: hostile }],
        excludeGroups: [{ id: hostile, name: hostile }],
        allUsers: false,
      })),
      groups: [{ id: hostile, name: hostile }],
      refused: { method: "Email", code: hostile, detail: hostile },
    },
    "admin-phone-messages": {
      ...models["admin-phone-messages"],
      upn: hostile,
      channel: hostile,
      status: hostile,
      entries: models["admin-phone-messages"].entries.map((e) => ({
        ...e,
        upn: hostile,
        channel: hostile,
        purpose: hostile,
        recipient: hostile,
        status: hostile,
        gateway: hostile,
        gatewayMessageId: hostile,
        detail: hostile,
      })),
      nextHref: `/admin/phone/messages?upn=${encodeURIComponent(hostile)}`,
    },
    "admin-tenant-confirm": {
      kind: "revokeScimToken",
      subject: hostile,
      action: "/admin/scim-tokens/x/revoke",
    },
    "admin-phone": {
      ...models["admin-phone"],
      values: Object.fromEntries(
        Object.keys(models["admin-phone"].values).map((key) => [key, hostile]),
      ),
      error: "invalid_sms_gateway",
      errorDetail: hostile,
    },
    "admin-user-delete": { userId: hostile, upn: hostile, displayName: hostile },
    "admin-confirm": {
      kind: "removeMethod",
      userId: hostile,
      upn: hostile,
      methodLabel: hostile,
      action: "/admin/users/u1/methods/m1/remove",
    },
    "admin-user": {
      ...models["admin-user"],
      user: {
        ...models["admin-user"].user,
        upn: hostile,
        displayName: hostile,
        blockedReason: hostile,
        mail: hostile,
        mobilePhone: hostile,
        department: hostile,
      },
      methods: models["admin-user"].methods.map((m) => ({ ...m, label: hostile })),
      passkeys: models["admin-user"].passkeys.map((p) => ({ ...p, name: hostile, model: hostile })),
      signIns: models["admin-user"].signIns.map((e) => ({ ...e, reason: hostile, ip: hostile })),
      error: hostile,
    },
    "admin-policy": {
      ...models["admin-policy"],
      values: Object.fromEntries(
        Object.keys(models["admin-policy"].values).map((key) => [key, hostile]),
      ),
      groups: [{ id: hostile, name: hostile }],
      errorDetail: hostile,
    },
    "admin-sign-ins": {
      ...models["admin-sign-ins"],
      upn: hostile,
      entries: models["admin-sign-ins"].entries.map((e) => ({
        ...e,
        upn: hostile,
        reason: hostile,
        ip: hostile,
      })),
    },
    "admin-lockouts": {
      users: models["admin-lockouts"].users.map((u) => ({ ...u, upn: hostile })),
    },
    "admin-dashboard": {
      ...models["admin-dashboard"],
      groups: [{ id: hostile, name: hostile, users: 3, registered: 1 }],
      unregistered: [
        {
          id: hostile,
          upn: hostile,
          displayName: hostile,
          mail: hostile,
          department: hostile,
          blocked: false,
          blockedUntil: null,
        },
      ],
      risk: { count: 1, users: [{ id: hostile, upn: hostile, state: "atRisk", updatedAt: 0 }] },
    },
    "admin-risky-users": {
      users: models["admin-risky-users"].users.map((u) => ({
        ...u,
        upn: hostile,
        detail: hostile,
      })),
    },
    "admin-tokens": {
      ...models["admin-tokens"],
      tokens: models["admin-tokens"].tokens.map((t) => ({
        ...t,
        serialNumber: hostile,
        manufacturer: hostile,
        model: hostile,
        upn: hostile,
      })),
      error: hostile,
    },
    "admin-users-bulk-outcome": {
      ...models["admin-users-bulk-outcome"],
      refused: models["admin-users-bulk-outcome"].refused.map((r) => ({
        ...r,
        upn: hostile,
        error: hostile,
      })),
    },
    "admin-token-import": {
      ...models["admin-token-import"],
      refused: models["admin-token-import"].refused.map((r) => ({
        ...r,
        serial: hostile,
        error: hostile,
      })),
    },
    "admin-audit": {
      ...models["admin-audit"],
      action: hostile,
      entries: models["admin-audit"].entries.map((e) => ({
        ...e,
        actor: hostile,
        target: hostile,
        ticket: hostile,
      })),
    },
    verify: {
      ...models.verify,
      methods: models.verify.methods.map((method) => ({ ...method, label: hostile })),
    },
    "enrol-app": { ...models["enrol-app"], label: hostile },
    "security-info": {
      ...models["security-info"],
      upn: hostile,
      displayName: hostile,
      methods: models["security-info"].methods.map((method) => ({ ...method, label: hostile })),
      defaultMethod: {
        action: "/security-info/default-method",
        forAdmin: false,
        choices: [{ value: hostile, kind: "app", label: hostile, selected: true }],
      },
      devices: models["security-info"].devices.map((device) => ({
        ...device,
        userAgent: hostile,
      })),
      sessions: models["security-info"].sessions.map((session) => ({
        ...session,
        userAgent: hostile,
        ip: hostile,
      })),
      error: hostile,
    },
    reauth: {
      returnTo: hostile,
      proof: "code",
      methods: [{ id: hostile, label: hostile }],
      selectedMethodId: hostile,
      backupCodesLeft: 1,
    },
    error: { code: hostile },
    "verify-sms": { ...models["verify-sms"], maskedNumber: hostile, phoneType: hostile },
    "register-phone": {
      ...models["register-phone"],
      countries: [{ code: hostile, callingCode: hostile, name: hostile }],
      selectedCountry: hostile,
      number: hostile,
    },
    "register-phone-code": { ...models["register-phone-code"], phoneNumber: hostile },
    "register-phone-done": { ...models["register-phone-done"], continueUrl: hostile },
    "verify-call": {
      ...models["verify-call"],
      maskedNumber: hostile,
      phoneType: hostile,
      fraudCode: hostile,
    },
  };
}

/** A second look at pages whose other states differ enough to be worth rendering too. */
export function variantModels(): { name: string; page: keyof PageModels; model: object }[] {
  const { notice: _notice, ended: _ended, ...adminUser } = sampleModels("")["admin-user"];
  return [
    {
      name: "admin-user-password-refused",
      page: "admin-user",
      model: { ...adminUser, error: "password_too_guessable" },
    },
    {
      name: "confirm-remove-phone",
      page: "confirm",
      model: {
        kind: "removePhone",
        methodLabel: "+39 ••• •••• 67",
        action: "/security-info/phones/mobile/remove",
      },
    },
    {
      name: "admin-confirm-remove-phone",
      page: "admin-confirm",
      model: {
        kind: "removePhone",
        userId: "u1",
        upn: "s.sagliocco@comune.pisa.it",
        methodLabel: "+39 ••• •••• 67",
        action: "/admin/users/u1/phones/mobile/remove",
      },
    },
    { name: "sign-in-throttled", page: "sign-in", model: { error: "throttled", retryAt: at } },
    { name: "sign-in-signed-out", page: "sign-in", model: { error: "signed_out" } },
    { name: "sign-in-expired", page: "sign-in", model: { error: "expired" } },
    {
      name: "change-password-administrator",
      page: "change-password",
      model: { reason: "administrator" },
    },
    { name: "tap-sign-in-not-yet-valid", page: "tap-sign-in", model: { startAt: at } },
    {
      name: "admin-policy-read-only",
      page: "admin-policy",
      model: {
        values: { mfaRequiredFor: "all", lockoutThreshold: "10", tapLength: "10" },
        groups: [],
        readOnly: true,
        notice: "policy_saved",
      },
    },
    {
      name: "verify-single",
      page: "verify",
      model: {
        methods: [
          {
            id: "m1",
            label: "PC-casa",
            isDefault: true,
            failedAttempts: 0,
            maxAttempts: 10,
            digits: 6,
          },
        ],
        phones: [],
        selectedMethodId: "m1",
        rememberDeviceDays: null,
        backupCodesLeft: 0,
        canReport: false,
      },
    },
    {
      name: "verify-phones-only",
      page: "verify",
      model: {
        methods: [],
        phones: [
          { phoneType: "mobile", maskedNumber: "+39 ••• •••• 73", sms: true, voice: true },
          { phoneType: "office", maskedNumber: "+39 ••• •••• 40", sms: false, voice: true },
        ],
        selectedMethodId: "",
        rememberDeviceDays: null,
        backupCodesLeft: 3,
        canReport: true,
        error: "phone_limit_reached",
      },
    },
    {
      name: "verify-call-approved",
      page: "verify-call",
      model: {
        phoneType: "mobile",
        maskedNumber: "+39 ••• •••• 73",
        status: "approved",
        againInSeconds: 0,
        fraudCode: "0#",
        rememberDeviceDays: null,
      },
    },
    {
      name: "verify-preferred-phone",
      page: "verify",
      model: {
        methods: [
          { id: "m1", label: "PC-casa", isDefault: false, failedAttempts: 0, maxAttempts: 10 },
        ],
        phones: [
          { phoneType: "mobile", maskedNumber: "+39 ••• •••• 73", sms: true, voice: true },
          { phoneType: "office", maskedNumber: "+39 ••• •••• 40", sms: false, voice: true },
        ],
        preferredPhone: { phoneType: "mobile", kind: "sms" },
        selectedMethodId: "m1",
        rememberDeviceDays: 30,
        backupCodesLeft: 3,
        canReport: true,
      },
    },
    { name: "other-ways-none", page: "other-ways", model: { backupCodesLeft: 0 } },
    {
      name: "enrol-app-limit",
      page: "enrol-app",
      model: { action: "/security-info/methods/new/app", error: "method_limit_reached" },
    },
    {
      name: "security-info-empty",
      page: "security-info",
      model: {
        upn: "a@b.it",
        displayName: "A B",
        methods: [],
        backupCodesLeft: 1,
        devices: [],
        sessions: [],
        error: "method_not_found",
        phones: [],
        freePhoneTypes: ["mobile", "alternateMobile", "office"],
        phoneBase: "/security-info/phones",
        canChangePhones: true,
        phonesForAdmin: false,
      },
    },
    {
      name: "reauth-password",
      page: "reauth",
      model: {
        returnTo: "/security-info/methods/new",
        proof: "password",
        methods: [],
        selectedMethodId: "",
        backupCodesLeft: 0,
        error: "invalid_credentials",
      },
    },
    {
      name: "reauth-register-first",
      page: "reauth",
      model: {
        returnTo: "/admin",
        proof: "register_first",
        methods: [],
        selectedMethodId: "",
        backupCodesLeft: 0,
      },
    },
    { name: "error-not-found", page: "error", model: { code: "not_found" } },
    {
      name: "admin-domains-added",
      page: "admin-domains",
      model: { domains: [], typed: "", notice: "domain_added" },
    },
    {
      name: "admin-domains-taken",
      page: "admin-domains",
      model: { domains: [], typed: "comune.pisa.it", error: "domain_exists" },
    },
    {
      name: "admin-scim-tokens-name-refused",
      page: "admin-scim-tokens",
      model: { tokens: [], typed: "", error: "invalid_request" },
    },
    {
      name: "admin-tenant-confirm-scim-token",
      page: "admin-tenant-confirm",
      model: {
        kind: "revokeScimToken",
        subject: "Entra ID",
        action: "/admin/scim-tokens/0f6e3c1a-5b1d-4c55-9d3e-2a8f0c6b7e11/revoke",
      },
    },
  ];
}
