/**
 * English messages for the pages. `{name}` is replaced by a parameter. Keys are stable; it.ts
 * has exactly the same keys (the type checks it, and so does test/web/i18n.test.ts).
 * Error and notice keys are `error.<code>` and `notice.<code>`: a Varco error code doubles as
 * the key of the message shown to a person.
 */
export const enMessages = {
  // Layout
  "layout.skipLink": "Skip to main content",
  "layout.languageNav": "Language",
  "layout.accountNav": "Account",
  "layout.securityInfo": "Security info",
  "layout.admin": "Administration",
  "layout.signOut": "Sign out",
  "layout.errorPrefix": "Error",
  "layout.footer": "Protected by Varco multi-factor authentication",

  // Shared form parts
  "form.next": "Next",
  "form.cancel": "Cancel",
  "form.signIn": "Sign in",
  "form.rememberDevice": "Don't ask again on this device for {days} days",
  "form.rememberDeviceOne": "Don't ask again on this device for 1 day",
  "form.rememberDeviceHint":
    "Only on a device you own and nobody else uses. Clearing the browser's cookies forgets it.",
  "form.step": "Method {step} of {total}",
  "form.codeHint": "The code changes every 30 seconds: type the one the app shows now.",
  "form.countdown": "The code changes in {s} s.",

  // sign-in
  "signIn.title": "Sign in",
  "signIn.upn": "Username",
  "signIn.upnHint": "Your full username, with the domain (for example name@example.org).",
  "signIn.password": "Password",
  "signIn.throttledUntil": "Too many attempts. Try again after {time} on {date}.",
  "signIn.upnFirstHint":
    "Your full username, with the domain: it finds your organisation's sign-in page.",
  "signIn.otherAccount": "Sign in with another username",
  "signIn.useTap": "Sign in with a Temporary Access Pass",

  // tap-sign-in
  "tapSignIn.title": "Sign in with a Temporary Access Pass",
  "tapSignIn.intro":
    "Your administrator gave you a Temporary Access Pass: type it with your username. It replaces your password and the code from the app, so that you can set up a new way to sign in.",
  "tapSignIn.pass": "Temporary Access Pass",
  "tapSignIn.passHint": "Capital or small letters, with or without spaces: either works.",
  "tapSignIn.notYetValid": "This pass works from {time} on {date}. Try again then.",
  "tapSignIn.back": "Sign in with your password",

  // verify
  "verify.title": "Two-step verification",
  "verify.intro": "Open your authenticator app and type the code it shows for this account.",
  "verify.method": "Choose the OTP method",
  "verify.singleMethod": "OTP method:",
  "verify.code": "Type the one-time password",
  "verify.failedAttempts": "{n} of {max} failed attempts with this method.",
  "verify.failedAttemptsOne": "1 of {max} failed attempts with this method.",
  "verify.otherWays": "Sign in another way",

  "verify.report": "I didn't try to sign in",
  "verify.reportHint":
    "Not you? Someone may know your password. Report it: this sign-in stops and your administrator is told.",
  "fraudReported.title": "Thank you for reporting it",
  "fraudReported.stopped": "The sign-in was stopped.",
  "fraudReported.notified": "Your administrator has been told by e-mail.",
  "fraudReported.blocked":
    "To protect your account, signing in is blocked until your administrator has checked what happened.",
  "fraudReported.newPassword":
    "At your next sign-in, after the code, you will choose a new password.",
  "fraudReported.recorded": "Your report has been recorded.",
  "fraudReported.contact":
    "Someone may know your password. If you have questions, contact your administrator.",
  "changePassword.title": "Choose a new password",
  "changePassword.intro":
    "Your account may be at risk: choose a new password before you continue. Do not use the old one.",
  "changePassword.introAdministrator":
    "Your administrator asks you to choose a new password before you continue. Do not use the one you were given.",
  "changePassword.newPassword": "New password",
  "changePassword.hint":
    "At least 8 characters, not a common password and not your name: a few unrelated words are easy to remember and hard to guess.",
  "changePassword.submit": "Change password and continue",

  // admin pages
  "admin.tokens.title": "Hardware tokens",
  "admin.tokens.upload": "Upload tokens",
  "admin.tokens.uploadIntro":
    "A CSV file with the header upn,serial number,secret key,time interval,manufacturer,model (or privacyIDEA's OATH CSV). Rows with an error are listed afterwards, with the reason; the others are imported.",
  "admin.tokens.format": "File format",
  "admin.tokens.formatSeed":
    "CSV: upn, serial number, secret key, time interval, manufacturer, model",
  "admin.tokens.formatPrivacyidea": "privacyIDEA OATH CSV (hex seeds)",
  "admin.tokens.file": "File",
  "admin.tokens.progress": "Upload progress",
  "admin.tokens.uploadButton": "Upload",
  "admin.tokens.assign": "Assign a token",
  "admin.tokens.serial": "Serial number",
  "admin.tokens.assignButton": "Assign",
  "admin.tokens.activate": "Activate a token",
  "admin.tokens.code": "The code the token shows now",
  "admin.tokens.activateButton": "Activate",
  "admin.tokens.inventory": "Inventory",
  "admin.tokens.none": "No hardware tokens yet.",
  "admin.tokens.device": "Device",
  "admin.tokens.assignedTo": "Assigned to",
  "admin.tokens.available": "Available",
  "admin.tokens.assigned": "Assigned, not yet activated",
  "admin.tokens.activated": "Activated",
  "admin.tokenImport.title": "Upload finished",
  "admin.tokenImport.summary": "Imported: {imported} (assigned: {assigned}). Refused: {failed}.",
  "admin.tokenImport.download": "Download the refused rows (CSV)",
  "admin.tokenImport.refused": "Refused rows (the first 100)",
  "admin.tokenImport.line": "Line",
  "admin.tokenImport.back": "Back to the hardware tokens",
  "admin.signInLog.title": "Sign-in log",
  "admin.signInLog.any": "Any",
  "admin.signInLog.mfa": "MFA by",
  "admin.riskyUsers.title": "Risky users",
  "admin.riskyUsers.none": "No user is at risk.",
  "admin.riskyUsers.state": "State",
  "admin.riskyUsers.detail": "Detail",
  "admin.riskyUsers.updated": "Updated",
  "admin.lockouts.title": "Locked out",
  "admin.lockouts.intro":
    "Users who gave too many wrong codes: no code of theirs is checked until the time shown. Open a user to unlock them now.",
  "admin.lockouts.none": "No user is locked out.",
  "admin.lockouts.until": "Locked out until",
  "admin.policy.title": "MFA policy",
  "admin.policy.readOnly": "Your roles let you read these settings, not change them.",
  "admin.policy.mfa": "Multi-factor authentication",
  "admin.policy.mfaRequiredFor": "Who must use MFA",
  "admin.policy.everyone": "Everyone",
  "admin.policy.group": "The members of a group",
  "admin.policy.nobody": "Nobody",
  "admin.policy.mfaGroup": "Group",
  "admin.policy.noGroup": "No group",
  "admin.policy.requiredMethodCount": "Methods to register before the first session",
  "admin.policy.totpWindow": "Code time steps accepted before and after the current one",
  "admin.policy.totpWindowHint":
    "For phones whose clock is a little off: 1 means 30 seconds either way.",
  "admin.policy.lockout": "Account lockout",
  "admin.policy.lockoutThreshold": "MFA denials that lock the account",
  "admin.policy.lockoutResetMinutes": "Minutes until the denial count resets",
  "admin.policy.lockoutMinutes": "Minutes until the account unlocks itself",
  "admin.policy.passwordAttemptsPerAddress":
    "Password attempts one IP address may make in 15 minutes",
  "admin.policy.passwordAttemptsPerAddressHint":
    "Wrong passwords, and those still being checked, from one address across all users. Raise it when many users sign in through one address, such as a school's NAT.",
  "admin.policy.trust": "Trusted networks and devices",
  "admin.policy.trustedIpRanges": "Trusted IP ranges that skip MFA",
  "admin.policy.trustedIpRangesHint":
    "One range per line in CIDR notation, IPv4 or IPv6; at most 50.",
  "admin.policy.rememberDeviceDays": "Days a user may skip MFA on a device they trust",
  "admin.policy.rememberDeviceDaysHint": "0 turns it off; at most 365.",
  "admin.policy.sessionIdleMinutes": "Minutes of inactivity that end a session",
  "admin.policy.recentAuthenticationMinutes": "Minutes a second factor counts as recent",
  "admin.policy.recentAuthenticationMinutesHint":
    "Adding, removing or changing a method, and the admin pages, need a second factor proven within these minutes; otherwise the user proves one again.",
  "admin.policy.sessionMaxHours": "Hours after which a session ends anyway",
  "admin.policy.tapMin": "Shortest lifetime, in minutes",
  "admin.policy.tapMax": "Longest lifetime, in minutes",
  "admin.policy.tapDefault": "Lifetime offered, in minutes",
  "admin.policy.tapLength": "Length in characters",
  "admin.policy.tapOnceOnly": "Every pass is for one sign-in only",
  "admin.policy.fraud": "Report suspicious activity",
  "admin.policy.reportSuspiciousActivity": "Users may report a sign-in they did not make",
  "admin.policy.highRiskAction": "What a report does",
  "admin.policy.riskBlock": "Block sign-in for 90 days, or until an administrator acts",
  "admin.policy.riskPassword": "Ask for a new password after MFA at the next sign-in",
  "admin.policy.riskNone": "Only raise the user's risk",
  "admin.policy.fraudNotificationEmails": "Addresses told of each report",
  "admin.policy.fraudNotificationEmailsHint": "One e-mail address per line; at most 10.",
  "admin.policy.help": "Help for users",
  "admin.policy.helpdeskContact": "How users reach the helpdesk",
  "admin.policy.helpdeskContactHint":
    "An e-mail address, a phone number or an office, shown when a user is locked out, reports a sign-in or has lost their phone. At most 200 characters; empty shows nothing.",
  "admin.policy.timeZone": "Time zone",
  "admin.policy.timeZoneHint":
    "The IANA time zone in which pages and e-mails give dates and times, such as Europe/Rome or America/New_York.",
  "admin.policy.save": "Save the policy",
  "admin.nav": "Administration",
  "admin.next": "Next page",
  "admin.ticket": "Ticket of the identity check",
  "admin.ticketHint":
    "Optional: the helpdesk ticket of how you checked who the user is. It goes in the audit log.",
  "admin.users.title": "Users",
  "admin.users.search": "Find a user",
  "admin.users.searchHint": "The beginning of the username, or of the name.",
  "admin.users.searchButton": "Search",
  "admin.users.none": "No user found.",
  "admin.user.upn": "Username",
  "admin.user.displayName": "Name",
  "admin.user.status": "Status",
  "admin.user.enabled": "Enabled",
  "admin.user.blocked": "Blocked",
  "admin.user.until": "until {date}",
  "admin.user.risk": "Risk",
  "admin.user.roles": "Roles",
  "admin.user.noRoles": "None",
  "admin.user.created": "Created",
  "admin.user.lastSignIn": "Last sign-in",
  "admin.user.passwordChange": "Password change",
  "admin.user.passwordChangeForced": "Required at the next sign-in (asked on {date})",
  "admin.user.passwordChangeNo": "Not required",
  "admin.user.reregistration": "Re-registration",
  "admin.user.reregistrationRequired": "Required at the next sign-in",
  "admin.user.reregistrationNo": "Not required",
  "admin.user.noMethods": "The user has no methods.",
  "admin.user.lockout": "Lockout",
  "admin.user.notLocked": "Not locked out",
  "admin.user.lockedUntil": "Locked out until {date}, after too many wrong codes",
  "admin.user.unlock": "Unlock now",
  "admin.risk.none": "No risk",
  "admin.risk.high": "High",
  "admin.risk.highSince": "High since {date}",
  "admin.risk.dismiss": "Dismiss the risk",
  "admin.risk.confirm": "Confirm compromised",
  "admin.method.kind": "Kind",
  "admin.method.app": "Authenticator app",
  "admin.method.hardware": "Hardware token",
  "admin.tap.title": "Temporary Access Pass",
  "admin.tap.current": "A pass {state}: from {from} until {until}.",
  "admin.tap.once": "One sign-in only.",
  "admin.tap.multi": "Every sign-in until it expires.",
  "admin.tap.delete": "Delete the pass",
  "admin.tap.lifetime": "Lifetime in minutes",
  "admin.tap.lifetimeHint": "From {min} to {max} minutes, as the organisation allows.",
  "admin.tap.onceLabel": "One sign-in only",
  "admin.tap.issue": "Issue a Temporary Access Pass",
  "admin.tapIssued.title": "Temporary Access Pass issued",
  "admin.tapIssued.for": "For {upn}. Give it to the user now, after checking who they are:",
  "admin.tapIssued.once": "It is shown only this once: it is not kept in clear.",
  "admin.tapIssued.readOut":
    "No two of its characters look or sound alike (there is no 0, O, 1, I, 2, Z, 5, S, 8 or B), so it can be read out on the phone; the user may type it in capital or small letters.",
  "admin.tapIssued.back": "Back to the user",
  "admin.reregister.title": "Require re-registration",
  "admin.reregister.intro":
    "At the next sign-in the user sets up MFA again before any session starts.",
  "admin.reregister.removeMethods":
    "Remove the current methods and backup codes now (the phone is lost)",
  "admin.reregister.submit": "Require re-registration",
  "admin.password.title": "Reset password",
  "admin.password.intro":
    "The user is signed out everywhere and every remembered device is forgotten: they sign in again with the new password. Give it to them in a safe way.",
  "admin.password.newPassword": "New password",
  "admin.password.hint":
    "At least 8 characters, not a common password and not the user's name: a few unrelated words are easy to pass on and hard to guess.",
  "admin.password.forceChange": "Require this user to change their password at the next sign-in",
  "admin.password.submit": "Reset password",
  "admin.password.ended": "Sessions ended: {sessions}. Remembered devices forgotten: {devices}.",
  "admin.sessions.title": "Sessions",
  "admin.sessions.count": "Signed-in sessions: {n}.",
  "admin.sessions.devices": "Remembered devices, which skip the code: {n}.",
  "admin.sessions.revoke": "Sign out everywhere and forget remembered devices",
  "admin.block.blockTitle": "Block sign-in",
  "admin.block.unblockTitle": "Unblock sign-in",
  "admin.block.reason": "Reason",
  "admin.block.block": "Block",
  "admin.block.unblock": "Unblock",
  "admin.user.mail": "E-mail",
  "admin.user.mobilePhone": "Mobile phone",
  "admin.user.mobilePhoneHint": "With the country code, such as +39 333 1234567.",
  "admin.user.department": "Department",
  "admin.user.none": "—",
  "admin.edit.title": "Edit user",
  "admin.edit.submit": "Save",
  "admin.create.title": "New user",
  "admin.create.upn": "Username (UPN)",
  "admin.create.upnHint": "name@domain, such as m.rossi@comune.pisa.it.",
  "admin.create.password": "Password",
  "admin.create.passwordHint":
    "Optional: without one, the user signs in with a Temporary Access Pass.",
  "admin.create.forceChange": "The user chooses a new password at the first sign-in",
  "admin.create.enabled": "Sign-in allowed",
  "admin.create.submit": "Create user",
  "admin.delete.title": "Delete user",
  "admin.delete.link": "Delete this user",
  "admin.delete.confirmTitle": "Delete {upn}?",
  "admin.delete.intro":
    "The user's authentication methods, backup codes, Temporary Access Pass, sessions, remembered devices, roles and group memberships are deleted too. The sign-in and audit logs keep their entries. This cannot be undone.",
  "admin.delete.confirm": "Delete user",
  "admin.delete.cancel": "Cancel",
  "admin.signIns.title": "Recent sign-ins",
  "admin.signIns.none": "No sign-ins yet.",
  "admin.signIns.time": "Time",
  "admin.signIns.result": "Result",
  "admin.signIns.reason": "Reason",
  "admin.signIns.method": "Method",
  "admin.audit.title": "Audit log",
  "admin.audit.action": "Activity",
  "admin.audit.actionHint":
    "The beginning of the activity, for example Create temporary access pass.",
  "admin.audit.actor": "By",
  "admin.audit.target": "Target",
  "admin.audit.none": "No entries.",

  // other-ways
  "otherWays.title": "Sign in another way",
  "otherWays.intro": "If you cannot use your authenticator app, choose another way to sign in.",
  "otherWays.backupCode": "Use a backup code",
  "otherWays.backupCodesLeft": "You have {n} unused backup codes.",
  "otherWays.backupCodesLeftOne": "You have 1 unused backup code.",
  "otherWays.noneLeft": "You have no unused backup codes.",
  "otherWays.lostPhone":
    "Lost your phone and your backup codes? Contact your administrator: they can give you a temporary way to sign in.",
  "otherWays.back": "Use the code from the authenticator app",

  // backup-code
  "backupCode.title": "Use a backup code",
  "backupCode.intro":
    "Type one of the single-use codes you printed or saved when you set up your account. Each code works only once.",
  "backupCode.code": "Backup code",
  "backupCode.back": "Back to the other ways to sign in",

  // locked
  "blocked.title": "Your account is blocked",
  "blocked.message":
    "You reported a sign-in that was not yours, so signing in to this account is blocked until your administrator has checked what happened.",
  "blocked.contactHelpdesk": "To have it unblocked, contact the helpdesk:",
  "blocked.contactAdministrator": "To have it unblocked, contact your administrator.",
  "locked.title": "Account temporarily locked",
  "locked.message": "Too many failed attempts. Try again after {time} on {date}.",
  "locked.back": "Back to the sign-in page",
  "locked.contact": "If you did not make these attempts, contact your administrator.",

  // helpdesk (partial)
  "helpdesk.contact": "Helpdesk:",

  // register-intro
  "registerIntro.title": "Protect your account",
  "registerIntro.required":
    "{tenant} requires a second way to prove it's you: after your password, you will type a code from an authenticator app.",
  "registerIntro.afterPass":
    "You signed in with your Temporary Access Pass. Now set up the way you will sign in from now on: method {step} of {total}.",
  "registerIntro.apps": "You can use any of these apps:",
  "registerIntro.appMicrosoft": "Microsoft Authenticator (Android, iOS)",
  "registerIntro.appGoogle": "Google Authenticator (Android, iOS)",
  "registerIntro.appBrowser": "authenticator.cc (extension for Chrome, Edge and Firefox)",
  "registerIntro.install":
    "Install one now if you don't have it yet, then continue: it takes about two minutes.",

  // enrol-app
  "enrolApp.title": "New authenticator app",
  "enrolApp.label": "OTP label",
  "enrolApp.labelInUse": "You already have a method called {label}: choose another label.",
  "enrolApp.labelEmpty": "Type a label: it cannot be empty.",
  "enrolApp.labelTooLong": "The label has {n} characters: at most 20 are allowed.",
  "enrolApp.labelSpaces":
    "The label cannot contain spaces: use _ or - instead, for example PC-home.",
  "enrolApp.labelCharacters":
    "The label cannot contain {characters}: only letters without accents, digits, _ and - are allowed.",
  "enrolApp.labelHint":
    "The label will help you remember where the OTP is used, for example PC-home or Tablet. At most 20 characters: letters, digits, underscores (_) and hyphens (-); no spaces or accented characters.",

  // enrol-qr
  "enrolQr.title": "Scan the QR code",
  "enrolQr.intro":
    "Open Microsoft Authenticator, Google Authenticator or authenticator.cc, choose + and then Scan a QR code, and point it at this code.",
  "enrolQr.shownOnce": "This code is shown once only.",
  "enrolQr.qrAlt": "QR code to add your account to the authenticator app",
  "enrolQr.png": "Download the QR code as an image (PNG)",
  "enrolQr.manual": "I want to use a different authenticator app, or I can't scan",
  "enrolQr.keyIntro": "In your app, choose to enter a setup key, then type this key (time-based):",
  "enrolQr.key": "Key",
  "enrolQr.linkIntro": "Or, on the device that has the app, open this link:",
  "enrolQr.link": "Add to authenticator app",
  "enrolQr.code": "Enter the 6-digit code shown by the app",

  // backup-codes
  "backupCodes.title": "Your backup codes",
  "backupCodes.once": "Attention: you can copy these codes only once.",
  "backupCodes.advice":
    "We suggest you print the codes and keep them safe: you may need them to sign in if you lose your phone. Each code can be used only once.",
  "backupCodes.listLabel": "Backup codes",
  "backupCodes.print": "Print the codes",
  "backupCodes.continue": "I have saved the codes, continue",

  // backup-codes-print

  // security-info
  "securityInfo.title": "Security info",
  "securityInfo.afterPass":
    "You signed in with a Temporary Access Pass. What to do next: add a new way to sign in (New OTP), then delete the method you no longer have.",
  "securityInfo.signedInAs": "Signed in as {name} ({upn}).",
  "securityInfo.signedInAsUpn": "Signed in as {upn}.",
  "securityInfo.methods": "Authenticator apps (OTP)",
  "securityInfo.description": "Description",
  "securityInfo.state": "Status",
  "securityInfo.failed": "Failed attempts",
  "securityInfo.created": "Created",
  "securityInfo.lastUsed": "Last used",
  "securityInfo.actions": "Actions",
  "securityInfo.never": "Never",
  "securityInfo.default": "Default",
  "securityInfo.state.pending": "Not finished",
  "securityInfo.state.active": "Enabled",
  "securityInfo.state.disabled": "Disabled",
  "securityInfo.setDefault": "Set as default",
  "securityInfo.remove": "Delete",
  "securityInfo.noMethods": "You have no authenticator app yet.",
  "securityInfo.newMethod": "New OTP",
  "securityInfo.backupCodes": "Backup codes",
  "securityInfo.backupCodesLeft": "You have {n} unused backup codes.",
  "securityInfo.backupCodesLeftOne": "You have 1 unused backup code.",
  "securityInfo.noBackupCodes": "You have no unused backup codes.",
  "securityInfo.regenerateHint":
    "New codes replace the old ones: your current codes stop working at once.",
  "securityInfo.regenerate": "Generate new codes",
  "securityInfo.devices": "Remembered devices",
  "securityInfo.devicesHint":
    "On these browsers you are not asked for a code until the date shown.",
  "securityInfo.noDevices": "No remembered devices.",
  "securityInfo.browser": "Browser",
  "securityInfo.browserOn": "{browser} on {os}",
  "securityInfo.unknownBrowser": "Unknown browser",
  "securityInfo.remembered": "Remembered",
  "securityInfo.expires": "Until",
  "securityInfo.revokeDevice": "Forget",
  "securityInfo.sessions": "Signed-in sessions",
  "securityInfo.ip": "IP address",
  "securityInfo.unknownIp": "Unknown",
  "securityInfo.signedIn": "Signed in",
  "securityInfo.lastSeen": "Last activity",
  "securityInfo.thisSession": "This session",
  "securityInfo.revokeSession": "Sign out",
  "securityInfo.signOutEverywhereHint":
    "Signs you out on every device and browser, this one included.",
  "securityInfo.signOutEverywhere": "Sign out everywhere",

  // reauth
  "reauth.title": "Confirm it's you",
  "reauth.codeIntro":
    "For your security, type a code from your authenticator app before you change how you sign in or open the administration pages.",
  "reauth.passwordIntro":
    "For your security, type your password again before you add your first way to sign in.",
  "reauth.registerFirst":
    "The administration pages need a second factor, and your account has none yet. Add an authenticator app on the Security info page, then come back.",
  "reauth.toSecurityInfo": "Go to Security info",
  "reauth.useBackupCode": "Use a backup code instead",
  "reauth.password": "Password",
  "reauth.confirm": "Confirm",

  // error page
  "errorPage.title": "Something went wrong",
  "errorPage.notFoundTitle": "Page not found",
  "errorPage.home": "Go to the start page",

  // Notices (success and information)
  "notice.tap_deleted": "The Temporary Access Pass has been deleted.",
  "notice.reregistration_required": "The user will set up MFA again at the next sign-in.",
  "notice.sessions_revoked": "The user has been signed out everywhere.",
  "notice.password_reset": "The password has been reset.",
  "notice.user_blocked": "The user is blocked.",
  "notice.user_unblocked": "The user is unblocked.",
  "notice.user_unlocked": "The lockout has ended: the failed attempts start again from 0.",
  "notice.user_created": "The user has been created.",
  "notice.user_updated": "The user has been saved.",
  "notice.user_deleted": "The user has been deleted.",
  "notice.risk_dismissed": "The risk has been dismissed.",
  "notice.risk_confirmed": "The user has been confirmed compromised.",
  "notice.policy_saved": "The policy has been saved.",
  "notice.token_assigned": "The token has been assigned: activate it with the code it shows.",
  "notice.token_activated": "The token is active.",
  "notice.signed_out": "You have signed out.",
  "notice.method_added": "The authenticator app has been added.",
  "notice.method_removed": "The authenticator app has been deleted.",
  "notice.default_changed": "The default method has been changed.",
  "notice.device_revoked": "The device has been forgotten: it will be asked for a code again.",
  "notice.session_revoked": "The session has been signed out.",
  "notice.backup_codes_regenerated":
    "New backup codes have been generated: the old ones no longer work.",

  // Errors shown to a person (Varco error codes)
  "error.invalid_label":
    "The label may hold at most 20 letters, digits, underscores (_) or hyphens (-).",
  "error.method_limit_reached":
    "You already have the maximum of 5 authenticator apps. Delete one before you add another.",
  "error.invalid_code": "The code is not valid. Check it and try again.",
  "error.invalid_credentials": "The username or the password is not correct.",
  "error.invalid_pass":
    "The username or the Temporary Access Pass is not correct, or the pass has expired or was already used.",
  "error.throttled": "Too many attempts. Wait a few minutes and try again.",
  "error.attempts_used_up":
    "You typed a wrong code too many times: this sign-in has used up its attempts. Sign in again from the start.",
  "error.expired": "Your sign-in took too long and has expired. Sign in again.",
  "error.csrf_failed":
    "This form has expired or was sent from another page. Go back, reload the page and try again.",
  "error.reauth_required": "Confirm your password to continue.",
  "error.not_found": "The page you asked for does not exist.",
  "error.internal_error": "Something went wrong on our side. Try again in a few minutes.",
  // Bulk create and bulk delete of users
  "admin.usersBulk.heading": "Many users at once",
  "admin.usersBulk.createLink": "Bulk create (CSV)",
  "admin.usersBulk.deleteLink": "Bulk delete (CSV)",
  "admin.usersBulk.createTitle": "Bulk create users",
  "admin.usersBulk.deleteTitle": "Bulk delete users",
  "admin.usersBulk.createIntro":
    "Download the template, add one user a row (name, user name, initial password, Block sign in Yes or No; department, mobile phone and e-mail if you wish) and upload it. The same file Microsoft Entra's bulk create takes works here; columns Varco does not use are ignored. Each new user chooses a new password at their first sign-in.",
  "admin.usersBulk.deleteIntro":
    "Download the template, add the user name of each user to delete, one a row, and upload it. Their methods, sessions, remembered devices and passes are deleted with them; the sign-in and audit logs keep their entries. This cannot be undone.",
  "admin.usersBulk.template": "Download the template (CSV)",
  "admin.usersBulk.fileHint":
    "A CSV file in UTF-8, which starts with the template's first two rows.",
  "admin.usersBulk.createSubmit": "Create the users",
  "admin.usersBulk.deleteSubmit": "Delete the users",
  "admin.usersBulk.outcomeTitle": "Upload finished",
  "admin.usersBulk.outcomeCreated": "Users created: {done}. Rows refused: {failed}.",
  "admin.usersBulk.outcomeDeleted": "Users deleted: {done}. Rows refused: {failed}.",
  "admin.usersBulk.back": "Back to the users",

  // Roll-out dashboard
  "admin.dashboard.title": "Roll-out",
  "admin.dashboard.registration": "Registration",
  "admin.dashboard.scopeAll": "Every user of the organisation must use a second factor.",
  "admin.dashboard.scopeGroup": "The members of the MFA group must use a second factor.",
  "admin.dashboard.scopeNone": "No one is asked for a second factor yet: these are all the users.",
  "admin.dashboard.required": "Methods each user registers: {count}.",
  "admin.dashboard.registeredOf": "{registered} of {users} users have registered.",
  "admin.dashboard.registeredCount": "Registered: {count} ({percent}%)",
  "admin.dashboard.missingCount": "Not yet registered: {count} ({percent}%)",
  "admin.dashboard.inScope": "Users asked for a second factor: {count}.",
  "admin.dashboard.byGroup": "By group",
  "admin.dashboard.group": "Group",
  "admin.dashboard.members": "Members",
  "admin.dashboard.registered": "Registered",
  "admin.dashboard.notRegistered": "Not yet registered",
  "admin.dashboard.notYet": "Who has not registered yet",
  "admin.dashboard.everyoneRegistered": "Everyone has registered.",
  "admin.dashboard.exportCsv":
    "Download the list of those not yet registered as CSV ({count}), for the reminder e-mail",
  "admin.dashboard.more": "And {count} more: the CSV file lists them all.",
  "admin.dashboard.methods": "Methods in use",
  "admin.dashboard.kind.softwareOath": "Authenticator apps",
  "admin.dashboard.kind.hardwareOath": "Hardware tokens",
  "admin.dashboard.kind.backupCodes": "Users with backup codes",
  "admin.dashboard.signIns": "Sign-ins in the last {days} days",
  "admin.dashboard.outcome.success": "Successful",
  "admin.dashboard.outcome.mfaDenied": "Wrong second factor",
  "admin.dashboard.outcome.lockedOut": "Locked out",
  "admin.dashboard.outcome.fraudReported": "Reported as not theirs",
  "admin.dashboard.perDay": "Sign-ins day by day",
  "admin.dashboard.day": "Day",
  "admin.dashboard.atRisk": "Users at risk: {count}",
  "admin.dashboard.noneAtRisk": "No user is at risk.",

  // Enrolment campaigns
  "admin.campaigns.title": "Enrolment campaigns",
  "admin.campaigns.intro":
    'A campaign asks a group, or everyone, to set up their second factor by a deadline. Until then, those who have not may choose "Not now" at sign-in as many times as you allow, and get reminder e-mails; after it, they set it up before they can sign in.',
  "admin.campaigns.none": "No campaign yet.",
  "admin.campaigns.everyone": "Everyone",
  "admin.campaigns.scheduled": "Not started yet",
  "admin.campaigns.running": "Running",
  "admin.campaigns.ended": "Ended",
  "admin.campaigns.start": "Start",
  "admin.campaigns.startHint": "Leave it empty to start now.",
  "admin.campaigns.deadline": "Deadline",
  "admin.campaigns.deadlineHint":
    "After this day, setting up a second factor comes before signing in.",
  "admin.campaigns.postponements": 'Times a user may choose "Not now"',
  "admin.campaigns.postponementsHint": "From 0 to 30, until the deadline.",
  "admin.campaigns.reminderDays": "Days between reminder e-mails",
  "admin.campaigns.progress": "Registered: {registered} of {users}",
  "admin.campaigns.end": "End the campaign now",
  "admin.campaigns.new": "New campaign",
  "admin.campaigns.who": "Who",
  "admin.campaigns.create": "Start the campaign",
  "registerIntro.postpone": "Not now, remind me later ({left} left)",
  "registerIntro.postponeDeadline": "You can do it later, until {deadline}.",
  "notice.campaign_created": "The campaign has been created.",
  "notice.campaign_ended": "The campaign has ended: postponing is no longer possible.",
  // tenant branding
  "admin.branding.title": "Branding",
  "admin.branding.intro":
    "The logo and the accent colour show on your organisation's sign-in and account pages, next to its name.",
  "admin.branding.accentColour": "Accent colour",
  "admin.branding.accentColourHint":
    "Buttons and links, as #rrggbb (for example #0b4f8a). White text on it must stay readable: a contrast of at least 4.5:1.",
  "admin.branding.noAccentColour": "Varco's own colours.",
  "admin.branding.clearAccentColour": "Go back to Varco's colours",
  "admin.branding.saveAccentColour": "Save the colour",
  "admin.branding.logo": "Logo",
  "admin.branding.logoFile": "Logo file",
  "admin.branding.logoHint": "A PNG or JPEG image of at most 100 KB and 1024 × 1024 pixels.",
  "admin.branding.currentLogo": "The current logo",
  "admin.branding.noLogo": "No logo.",
  "admin.branding.uploadLogo": "Upload the logo",
  "admin.branding.removeLogo": "Remove the logo",
  "notice.branding_saved": "The branding has been saved.",
  // account picker
  "accounts.title": "Accounts",
  "accounts.inUse": "In use",
  "accounts.others": "Other accounts",
  "accounts.switchTo": "Switch to {upn} ({tenant})",
  "accounts.add": "Sign in with another account",
  "accounts.all": "All accounts",
  "accounts.none": "You are not signed in to any account in this browser.",
  "accounts.full":
    "This browser is signed in to 5 accounts, the most it can hold: sign out of one to add another.",
  "accounts.signOutAll": "Sign out of all accounts",
} satisfies Record<string, string>;

export type MessageKey = keyof typeof enMessages;
export type Messages = Record<MessageKey, string>;
