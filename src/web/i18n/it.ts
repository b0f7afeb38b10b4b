import type { Messages } from "./en.ts";

/** Italian messages: the same keys as en.ts, worded after the documents users already know. */
export const itMessages: Messages = {
  // Layout
  "layout.skipLink": "Vai al contenuto principale",
  "layout.languageNav": "Lingua",
  "layout.accountNav": "Account",
  "layout.securityInfo": "Informazioni di sicurezza",
  "layout.admin": "Amministrazione",
  "layout.signOut": "Esci",
  "layout.errorPrefix": "Errore",
  "layout.footer": "Protetto dall'autenticazione a più fattori Varco",

  // Shared form parts
  "form.next": "Avanti",
  "form.cancel": "Annulla",
  "form.signIn": "Accedi",
  "form.rememberDevice": "Considera questo dispositivo come affidabile per {days} giorni",
  "form.rememberDeviceOne": "Considera questo dispositivo come affidabile per 1 giorno",
  "form.rememberDeviceHint":
    "Solo su un dispositivo tuo che nessun altro usa. Se cancelli i cookie del browser, il dispositivo non sarà più riconosciuto.",
  "form.step": "Metodo {step} di {total}",
  "form.codeHint":
    "Il codice cambia ogni 30 secondi: digita quello che l'app mostra in questo momento.",
  "form.countdown": "Il codice cambia tra {s} s.",

  // sign-in
  "signIn.title": "Accedi",
  "signIn.upn": "Nome utente",
  "signIn.upnHint": "Il nome utente completo di dominio (ad esempio nome@esempio.it).",
  "signIn.password": "Password",
  "signIn.throttledUntil": "Troppi tentativi. Riprova dopo le {time} del {date}.",
  "signIn.upnFirstHint":
    "Il nome utente completo di dominio: trova la pagina di accesso della tua organizzazione.",
  "signIn.otherAccount": "Accedi con un altro nome utente",
  "signIn.useTap": "Accedi con un pass di accesso temporaneo",

  // tap-sign-in
  "tapSignIn.title": "Accedi con un pass di accesso temporaneo",
  "tapSignIn.intro":
    "L'amministratore ti ha dato un pass di accesso temporaneo: digitalo insieme al nome utente. Sostituisce la password e il codice dell'app, così puoi configurare un nuovo metodo di accesso.",
  "tapSignIn.pass": "Pass di accesso temporaneo",
  "tapSignIn.passHint": "Maiuscole o minuscole, con o senza spazi: va bene in entrambi i modi.",
  "tapSignIn.notYetValid": "Questo pass è valido dalle {time} del {date}. Riprova allora.",
  "tapSignIn.back": "Accedi con la password",

  // verify
  "verify.title": "Autenticazione a due fattori",
  "verify.intro": "Apri l'app di autenticazione e digita il codice che mostra per questo account.",
  "verify.method": "Scegli il metodo OTP",
  "verify.singleMethod": "Metodo OTP:",
  "verify.code": "Digita qui la password monouso",
  "verify.failedAttempts": "{n} tentativi falliti su {max} con questo metodo.",
  "verify.failedAttemptsOne": "1 tentativo fallito su {max} con questo metodo.",
  "verify.otherWays": "Accedi in un altro modo",

  "verify.report": "Non ho provato ad accedere",
  "verify.reportHint":
    "Non hai effettuato tu l'accesso? Qualcuno potrebbe conoscere la tua password. Segnalalo: questo accesso si interrompe e l'amministratore viene avvisato.",
  "fraudReported.title": "Grazie per la segnalazione",
  "fraudReported.stopped": "L'accesso è stato interrotto.",
  "fraudReported.notified": "L'amministratore è stato avvisato per e-mail.",
  "fraudReported.blocked":
    "Per proteggere l'account, l'accesso è bloccato finché l'amministratore non avrà verificato l'accaduto.",
  "fraudReported.newPassword":
    "Al prossimo accesso, dopo il codice, sceglierai una nuova password.",
  "fraudReported.recorded": "La segnalazione è stata registrata.",
  "fraudReported.contact":
    "Qualcuno potrebbe conoscere la tua password. Per domande, contatta l'amministratore.",
  "changePassword.title": "Scegli una nuova password",
  "changePassword.intro":
    "L'account potrebbe essere a rischio: scegli una nuova password prima di continuare. Non usare quella vecchia.",
  "changePassword.introAdministrator":
    "L'amministratore ti chiede di scegliere una nuova password prima di continuare. Non usare quella che ti è stata data.",
  "changePassword.newPassword": "Nuova password",
  "changePassword.hint":
    "Almeno 8 caratteri, non una password comune né il tuo nome: alcune parole senza legame tra loro sono facili da ricordare e difficili da indovinare.",
  "changePassword.submit": "Cambia la password e continua",

  // admin pages
  "admin.tokens.title": "Token hardware",
  "admin.tokens.upload": "Carica i token",
  "admin.tokens.uploadIntro":
    "Un file CSV con l'intestazione upn,serial number,secret key,time interval,manufacturer,model (oppure il CSV OATH di privacyIDEA). Le righe con errori vengono elencate dopo, con il motivo; le altre vengono importate.",
  "admin.tokens.format": "Formato del file",
  "admin.tokens.formatSeed":
    "CSV: upn, numero di serie, chiave segreta, intervallo, produttore, modello",
  "admin.tokens.formatPrivacyidea": "CSV OATH di privacyIDEA (chiavi esadecimali)",
  "admin.tokens.file": "File",
  "admin.tokens.progress": "Avanzamento del caricamento",
  "admin.tokens.uploadButton": "Carica",
  "admin.tokens.assign": "Assegna un token",
  "admin.tokens.serial": "Numero di serie",
  "admin.tokens.assignButton": "Assegna",
  "admin.tokens.activate": "Attiva un token",
  "admin.tokens.code": "Il codice che il token mostra ora",
  "admin.tokens.activateButton": "Attiva",
  "admin.tokens.inventory": "Inventario",
  "admin.tokens.none": "Ancora nessun token hardware.",
  "admin.tokens.device": "Dispositivo",
  "admin.tokens.assignedTo": "Assegnato a",
  "admin.tokens.available": "Disponibile",
  "admin.tokens.assigned": "Assegnato, non ancora attivato",
  "admin.tokens.activated": "Attivato",
  "admin.tokenImport.title": "Caricamento completato",
  "admin.tokenImport.summary":
    "Importati: {imported} (assegnati: {assigned}). Rifiutati: {failed}.",
  "admin.tokenImport.download": "Scarica le righe rifiutate (CSV)",
  "admin.tokenImport.refused": "Righe rifiutate (le prime 100)",
  "admin.tokenImport.line": "Riga",
  "admin.tokenImport.back": "Torna ai token hardware",
  "admin.signInLog.title": "Log degli accessi",
  "admin.signInLog.any": "Qualsiasi",
  "admin.signInLog.mfa": "MFA tramite",
  "admin.riskyUsers.title": "Utenti a rischio",
  "admin.riskyUsers.none": "Nessun utente è a rischio.",
  "admin.riskyUsers.state": "Stato",
  "admin.riskyUsers.detail": "Dettaglio",
  "admin.riskyUsers.updated": "Aggiornato",
  "admin.lockouts.title": "Utenti bloccati per troppi tentativi",
  "admin.lockouts.intro":
    "Utenti che hanno inserito troppi codici errati: nessun loro codice viene verificato fino all'ora indicata. Apri un utente per sbloccarlo subito.",
  "admin.lockouts.none": "Nessun utente è bloccato per troppi tentativi.",
  "admin.lockouts.until": "Bloccato fino al",
  "admin.policy.title": "Criteri MFA",
  "admin.policy.readOnly":
    "I tuoi ruoli ti consentono di leggere queste impostazioni, non di modificarle.",
  "admin.policy.mfa": "Autenticazione a più fattori",
  "admin.policy.mfaRequiredFor": "Chi deve usare l'MFA",
  "admin.policy.everyone": "Tutti",
  "admin.policy.group": "I membri di un gruppo",
  "admin.policy.nobody": "Nessuno",
  "admin.policy.mfaGroup": "Gruppo",
  "admin.policy.noGroup": "Nessun gruppo",
  "admin.policy.requiredMethodCount": "Metodi da registrare prima della prima sessione",
  "admin.policy.totpWindow": "Intervalli di codice accettati prima e dopo quello attuale",
  "admin.policy.totpWindowHint":
    "Per i telefoni con l'orologio un po' sfasato: 1 significa 30 secondi in più o in meno.",
  "admin.policy.lockout": "Blocco account",
  "admin.policy.lockoutThreshold": "Dinieghi MFA che bloccano l'account",
  "admin.policy.lockoutResetMinutes": "Minuti per azzerare il conteggio dei dinieghi",
  "admin.policy.lockoutMinutes": "Minuti fino allo sblocco automatico dell'account",
  "admin.policy.passwordAttemptsPerAddress":
    "Tentativi di password consentiti a un indirizzo IP in 15 minuti",
  "admin.policy.passwordAttemptsPerAddressHint":
    "Password errate, e quelle ancora in verifica, da un indirizzo per tutti gli utenti. Aumentalo quando molti utenti accedono da un solo indirizzo, come il NAT di una scuola.",
  "admin.policy.trust": "Reti e dispositivi attendibili",
  "admin.policy.trustedIpRanges": "Intervalli IP attendibili che saltano l'MFA",
  "admin.policy.trustedIpRangesHint":
    "Un intervallo per riga in notazione CIDR, IPv4 o IPv6; al massimo 50.",
  "admin.policy.rememberDeviceDays":
    "Giorni in cui un utente può saltare l'MFA su un dispositivo attendibile",
  "admin.policy.rememberDeviceDaysHint": "0 lo disattiva; al massimo 365.",
  "admin.policy.sessionIdleMinutes": "Minuti di inattività che chiudono una sessione",
  "admin.policy.recentAuthenticationMinutes": "Minuti in cui un secondo fattore resta recente",
  "admin.policy.recentAuthenticationMinutesHint":
    "Per aggiungere, rimuovere o modificare un metodo, e per le pagine di amministrazione, serve un secondo fattore verificato entro questi minuti; altrimenti l'utente ne verifica di nuovo uno.",
  "admin.policy.sessionMaxHours": "Ore dopo le quali una sessione si chiude comunque",
  "admin.policy.tapMin": "Durata minima, in minuti",
  "admin.policy.tapMax": "Durata massima, in minuti",
  "admin.policy.tapDefault": "Durata proposta, in minuti",
  "admin.policy.tapLength": "Lunghezza in caratteri",
  "admin.policy.tapOnceOnly": "Ogni pass vale per un solo accesso",
  "admin.policy.fraud": "Segnala attività sospette",
  "admin.policy.reportSuspiciousActivity":
    "Gli utenti possono segnalare un accesso che non hanno effettuato",
  "admin.policy.highRiskAction": "Cosa comporta una segnalazione",
  "admin.policy.riskBlock":
    "Blocca l'accesso per 90 giorni, o finché un amministratore non interviene",
  "admin.policy.riskPassword": "Chiedi una nuova password dopo l'MFA al prossimo accesso",
  "admin.policy.riskNone": "Alza solo il rischio dell'utente",
  "admin.policy.fraudNotificationEmails": "Indirizzi avvisati di ogni segnalazione",
  "admin.policy.fraudNotificationEmailsHint": "Un indirizzo e-mail per riga; al massimo 10.",
  "admin.policy.help": "Aiuto agli utenti",
  "admin.policy.helpdeskContact": "Come gli utenti contattano l'assistenza",
  "admin.policy.helpdeskContactHint":
    "Un indirizzo e-mail, un numero di telefono o un ufficio, mostrato quando un utente è bloccato, segnala un accesso o ha perso il telefono. Al massimo 200 caratteri; se vuoto non si mostra nulla.",
  "admin.policy.timeZone": "Fuso orario",
  "admin.policy.timeZoneHint":
    "Il fuso orario IANA in cui pagine ed e-mail indicano date e ore, ad esempio Europe/Rome o America/New_York.",
  "admin.policy.save": "Salva i criteri",
  "admin.nav": "Amministrazione",
  "admin.next": "Pagina successiva",
  "admin.ticket": "Ticket della verifica dell'identità",
  "admin.ticketHint":
    "Facoltativo: il ticket dell'helpdesk che indica come hai verificato chi è l'utente. Finisce nel registro di controllo.",
  "admin.users.title": "Utenti",
  "admin.users.search": "Trova un utente",
  "admin.users.searchHint": "L'inizio del nome utente, o del nome.",
  "admin.users.searchButton": "Cerca",
  "admin.users.none": "Nessun utente trovato.",
  "admin.user.upn": "Nome utente",
  "admin.user.displayName": "Nome",
  "admin.user.status": "Stato",
  "admin.user.enabled": "Abilitato",
  "admin.user.blocked": "Bloccato",
  "admin.user.until": "fino al {date}",
  "admin.user.risk": "Rischio",
  "admin.user.roles": "Ruoli",
  "admin.user.noRoles": "Nessuno",
  "admin.user.created": "Creato",
  "admin.user.lastSignIn": "Ultimo accesso",
  "admin.user.passwordChange": "Cambio password",
  "admin.user.passwordChangeForced": "Richiesto al prossimo accesso (dal {date})",
  "admin.user.passwordChangeNo": "Non richiesto",
  "admin.user.reregistration": "Nuova registrazione",
  "admin.user.reregistrationRequired": "Richiesta al prossimo accesso",
  "admin.user.reregistrationNo": "Non richiesta",
  "admin.user.noMethods": "L'utente non ha metodi.",
  "admin.user.lockout": "Blocco account",
  "admin.user.notLocked": "Non bloccato",
  "admin.user.lockedUntil": "Bloccato per troppi tentativi fino al {date}",
  "admin.user.unlock": "Sblocca ora",
  "admin.risk.none": "Nessun rischio",
  "admin.risk.high": "Elevato",
  "admin.risk.highSince": "Elevato dal {date}",
  "admin.risk.dismiss": "Ignora il rischio",
  "admin.risk.confirm": "Conferma la compromissione",
  "admin.method.kind": "Tipo",
  "admin.method.app": "App di autenticazione",
  "admin.method.hardware": "Token hardware",
  "admin.tap.title": "Pass di accesso temporaneo",
  "admin.tap.current": "Un pass {state}: dal {from} al {until}.",
  "admin.tap.once": "Un solo accesso.",
  "admin.tap.multi": "Ogni accesso fino alla scadenza.",
  "admin.tap.delete": "Elimina il pass",
  "admin.tap.lifetime": "Durata in minuti",
  "admin.tap.lifetimeHint": "Da {min} a {max} minuti, come consente l'organizzazione.",
  "admin.tap.onceLabel": "Un solo accesso",
  "admin.tap.issue": "Rilascia un pass di accesso temporaneo",
  "admin.tapIssued.title": "Pass di accesso temporaneo rilasciato",
  "admin.tapIssued.for":
    "Per {upn}. Consegnalo ora, dopo aver verificato l'identità della persona:",
  "admin.tapIssued.once": "Viene mostrato solo questa volta: non è conservato in chiaro.",
  "admin.tapIssued.readOut":
    "Nessuno dei suoi caratteri si confonde con un altro, né a vista né a voce (non ci sono 0, O, 1, I, 2, Z, 5, S, 8 e B): si può dettare al telefono, e l'utente può scriverlo in maiuscolo o in minuscolo.",
  "admin.tapIssued.back": "Torna all'utente",
  "admin.reregister.title": "Richiedi una nuova registrazione",
  "admin.reregister.intro":
    "Al prossimo accesso l'utente configura di nuovo l'MFA prima che inizi qualsiasi sessione.",
  "admin.reregister.removeMethods":
    "Rimuovi subito i metodi attuali e i codici monouso (il telefono è perso)",
  "admin.reregister.submit": "Richiedi una nuova registrazione",
  "admin.password.title": "Reimposta la password",
  "admin.password.intro":
    "L'utente viene disconnesso ovunque e ogni dispositivo memorizzato viene dimenticato: accederà di nuovo con la nuova password. Comunicagliela in modo sicuro.",
  "admin.password.newPassword": "Nuova password",
  "admin.password.hint":
    "Almeno 8 caratteri, non una password comune né il nome dell'utente: alcune parole senza legame tra loro sono facili da comunicare e difficili da indovinare.",
  "admin.password.forceChange": "Chiedi all'utente di cambiare la password al prossimo accesso",
  "admin.password.submit": "Reimposta la password",
  "admin.password.ended":
    "Sessioni terminate: {sessions}. Dispositivi memorizzati dimenticati: {devices}.",
  "admin.sessions.title": "Sessioni",
  "admin.sessions.count": "Sessioni attive: {n}.",
  "admin.sessions.devices": "Dispositivi affidabili, che saltano il codice: {n}.",
  "admin.sessions.revoke": "Disconnetti ovunque e dimentica i dispositivi affidabili",
  "admin.block.blockTitle": "Blocca l'accesso",
  "admin.block.unblockTitle": "Sblocca l'accesso",
  "admin.block.reason": "Motivo",
  "admin.block.block": "Blocca",
  "admin.block.unblock": "Sblocca",
  "admin.user.mail": "E-mail",
  "admin.user.mobilePhone": "Cellulare",
  "admin.user.mobilePhoneHint": "Con il prefisso internazionale, ad esempio +39 333 1234567.",
  "admin.user.department": "Reparto",
  "admin.user.none": "—",
  "admin.edit.title": "Modifica utente",
  "admin.edit.submit": "Salva",
  "admin.create.title": "Nuovo utente",
  "admin.create.upn": "Nome utente (UPN)",
  "admin.create.upnHint": "nome@dominio, ad esempio m.rossi@comune.pisa.it.",
  "admin.create.password": "Password",
  "admin.create.passwordHint":
    "Facoltativa: senza password l'utente accede con un pass di accesso temporaneo.",
  "admin.create.forceChange": "L'utente sceglie una nuova password al primo accesso",
  "admin.create.enabled": "Accesso consentito",
  "admin.create.submit": "Crea utente",
  "admin.delete.title": "Elimina utente",
  "admin.delete.link": "Elimina questo utente",
  "admin.delete.confirmTitle": "Eliminare {upn}?",
  "admin.delete.intro":
    "Vengono eliminati anche i metodi di autenticazione, i codici monouso, il pass di accesso temporaneo, le sessioni, i dispositivi memorizzati, i ruoli e le appartenenze ai gruppi dell'utente. I log di accesso e di controllo conservano le loro voci. L'operazione non si può annullare.",
  "admin.delete.confirm": "Elimina utente",
  "admin.delete.cancel": "Annulla",
  "admin.signIns.title": "Accessi recenti",
  "admin.signIns.none": "Ancora nessun accesso.",
  "admin.signIns.time": "Data e ora",
  "admin.signIns.result": "Esito",
  "admin.signIns.reason": "Motivo",
  "admin.signIns.method": "Metodo",
  "admin.audit.title": "Registro di controllo",
  "admin.audit.action": "Attività",
  "admin.audit.actionHint": "L'inizio dell'attività, ad esempio Create temporary access pass.",
  "admin.audit.actor": "Eseguita da",
  "admin.audit.target": "Oggetto",
  "admin.audit.none": "Nessuna voce.",

  // other-ways
  "otherWays.title": "Accedi in un altro modo",
  "otherWays.intro":
    "Se non puoi usare l'app di autenticazione, scegli un altro modo per accedere.",
  "otherWays.backupCode": "Usa un codice monouso",
  "otherWays.backupCodesLeft": "Hai ancora {n} codici monouso non utilizzati.",
  "otherWays.backupCodesLeftOne": "Hai ancora 1 codice monouso non utilizzato.",
  "otherWays.noneLeft": "Non hai più codici monouso non utilizzati.",
  "otherWays.lostPhone":
    "Hai perso il telefono e i codici monouso? Contatta l'amministratore: può darti un modo temporaneo per accedere.",
  "otherWays.back": "Usa il codice dell'app di autenticazione",

  // backup-code
  "backupCode.title": "Usa un codice monouso",
  "backupCode.intro":
    "Digita uno dei codici monouso che hai stampato o salvato quando hai configurato l'account. Ciascun codice può essere utilizzato una sola volta.",
  "backupCode.code": "Codice monouso",
  "backupCode.back": "Torna agli altri modi per accedere",

  // locked
  "blocked.title": "Il tuo account è bloccato",
  "blocked.message":
    "Hai segnalato un accesso che non era tuo: per questo l'accesso all'account è bloccato finché l'amministratore non avrà verificato l'accaduto.",
  "blocked.contactHelpdesk": "Per farlo sbloccare, contatta l'assistenza:",
  "blocked.contactAdministrator": "Per farlo sbloccare, contatta l'amministratore.",
  "locked.title": "Account bloccato per troppi tentativi",
  "locked.message": "Troppi tentativi non riusciti. Riprova dopo le {time} del {date}.",
  "locked.back": "Torna alla pagina di accesso",
  "locked.contact": "Se questi tentativi non li hai fatti tu, contatta l'amministratore.",

  // helpdesk (partial)
  "helpdesk.contact": "Assistenza:",

  // register-intro
  "registerIntro.title": "Proteggi l'account",
  "registerIntro.required":
    "{tenant} richiede un secondo metodo per dimostrare la tua identità: dopo la password, digiterai un codice generato da un'app di autenticazione.",
  "registerIntro.afterPass":
    "Hai effettuato l'accesso con il pass di accesso temporaneo. Ora configura il metodo con cui accederai d'ora in poi: metodo {step} di {total}.",
  "registerIntro.apps": "Puoi usare una di queste app:",
  "registerIntro.appMicrosoft": "Microsoft Authenticator (Android, iOS)",
  "registerIntro.appGoogle": "Google Authenticator (Android, iOS)",
  "registerIntro.appBrowser": "authenticator.cc (estensione per Chrome, Edge e Firefox)",
  "registerIntro.install":
    "Se non ne hai ancora una, installala ora e poi continua: servono circa due minuti.",

  // enrol-app
  "enrolApp.title": "Nuova autenticazione OTP",
  "enrolApp.label": "Etichetta OTP",
  "enrolApp.labelInUse": "Hai già un metodo chiamato {label}: scegli un'altra etichetta.",
  "enrolApp.labelEmpty": "Scrivi un'etichetta: non può essere vuota.",
  "enrolApp.labelTooLong": "L'etichetta ha {n} caratteri: al massimo ne sono ammessi 20.",
  "enrolApp.labelSpaces":
    "L'etichetta non può contenere spazi: usa _ o - al loro posto, ad esempio PC-casa.",
  "enrolApp.labelCharacters":
    "L'etichetta non può contenere {characters}: sono ammesse solo lettere non accentate, cifre, _ e -.",
  "enrolApp.labelHint":
    "L'etichetta ti aiuterà a ricordare dove viene utilizzata l'OTP, ad esempio PC-casa o Tablet. La lunghezza massima dell'etichetta è 20 caratteri. Non utilizzare caratteri speciali, accentati o spazi. Sono consentiti trattini bassi e trattini.",

  // enrol-qr
  "enrolQr.title": "Scansiona il codice QR",
  "enrolQr.intro":
    "Apri Microsoft Authenticator, Google Authenticator o authenticator.cc, scegli + e poi Scansiona un codice QR, e inquadra questo codice.",
  "enrolQr.shownOnce": "Attenzione: questo codice sarà visibile solo una volta.",
  "enrolQr.qrAlt": "Codice QR per aggiungere l'account all'app di autenticazione",
  "enrolQr.png": "Scarica il codice QR come immagine (PNG)",
  "enrolQr.manual": "Voglio usare un'app di autenticazione diversa o non riesco a scansionare",
  "enrolQr.keyIntro":
    "Nell'app scegli di inserire una chiave di configurazione, poi digita questa chiave (basata sul tempo):",
  "enrolQr.key": "Chiave",
  "enrolQr.linkIntro": "Oppure, sul dispositivo dove si trova l'app, apri questo link:",
  "enrolQr.link": "Aggiungi all'app di autenticazione",
  "enrolQr.code": "Inserisci il codice a 6 cifre mostrato dall'app",

  // backup-codes
  "backupCodes.title": "I tuoi codici monouso",
  "backupCodes.once": "Attenzione: potrai copiare questi codici solo una volta.",
  "backupCodes.advice":
    "Ti suggeriamo di stampare e conservare i codici in quanto potrebbero essere richiesti per autenticarti in futuro, ad esempio se perdi il telefono; ciascun codice può essere utilizzato una sola volta.",
  "backupCodes.listLabel": "Codici monouso",
  "backupCodes.print": "Stampa i codici",
  "backupCodes.continue": "Ho salvato i codici, continua",

  // backup-codes-print

  // security-info
  "securityInfo.title": "Informazioni di sicurezza",
  "securityInfo.afterPass":
    "Hai effettuato l'accesso con un pass di accesso temporaneo. Cosa fare ora: aggiungi un nuovo metodo di accesso (Nuovo OTP), poi elimina il metodo che non hai più.",
  "securityInfo.signedInAs": "Hai effettuato l'accesso come {name} ({upn}).",
  "securityInfo.signedInAsUpn": "Hai effettuato l'accesso come {upn}.",
  "securityInfo.methods": "Autenticazione OTP",
  "securityInfo.description": "Descrizione",
  "securityInfo.state": "Stato",
  "securityInfo.failed": "Tentativi falliti",
  "securityInfo.created": "Creato",
  "securityInfo.lastUsed": "Ultimo utilizzo",
  "securityInfo.actions": "Azioni",
  "securityInfo.never": "Mai",
  "securityInfo.default": "Predefinito",
  "securityInfo.state.pending": "Da completare",
  "securityInfo.state.active": "Abilitato",
  "securityInfo.state.disabled": "Disabilitato",
  "securityInfo.setDefault": "Imposta come predefinito",
  "securityInfo.remove": "Elimina",
  "securityInfo.noMethods": "Non hai ancora un'app di autenticazione.",
  "securityInfo.newMethod": "Nuovo OTP",
  "securityInfo.backupCodes": "Codici monouso",
  "securityInfo.backupCodesLeft": "Hai ancora {n} codici monouso non utilizzati.",
  "securityInfo.backupCodesLeftOne": "Hai ancora 1 codice monouso non utilizzato.",
  "securityInfo.noBackupCodes": "Non hai codici monouso non utilizzati.",
  "securityInfo.regenerateHint":
    "I nuovi codici sostituiscono i precedenti: i codici attuali smettono subito di funzionare.",
  "securityInfo.regenerate": "Genera nuovi codici",
  "securityInfo.devices": "Dispositivi affidabili",
  "securityInfo.devicesHint":
    "Su questi browser non ti verrà chiesto il codice fino alla data indicata.",
  "securityInfo.noDevices": "Nessun dispositivo affidabile.",
  "securityInfo.browser": "Browser",
  "securityInfo.browserOn": "{browser} su {os}",
  "securityInfo.unknownBrowser": "Browser sconosciuto",
  "securityInfo.remembered": "Aggiunto",
  "securityInfo.expires": "Fino al",
  "securityInfo.revokeDevice": "Rimuovi",
  "securityInfo.sessions": "Sessioni attive",
  "securityInfo.ip": "Indirizzo IP",
  "securityInfo.unknownIp": "Sconosciuto",
  "securityInfo.signedIn": "Accesso",
  "securityInfo.lastSeen": "Ultima attività",
  "securityInfo.thisSession": "Questa sessione",
  "securityInfo.revokeSession": "Disconnetti",
  "securityInfo.signOutEverywhereHint": "Esci da tutti i dispositivi e i browser, compreso questo.",
  "securityInfo.signOutEverywhere": "Esci da tutti i dispositivi",

  // reauth
  "reauth.title": "Conferma la tua identità",
  "reauth.codeIntro":
    "Per sicurezza, digita un codice dell'app di autenticazione prima di cambiare il modo in cui accedi o di aprire le pagine di amministrazione.",
  "reauth.passwordIntro":
    "Per sicurezza, digita di nuovo la password prima di aggiungere il tuo primo metodo di accesso.",
  "reauth.registerFirst":
    "Le pagine di amministrazione richiedono un secondo fattore, e il tuo account non ne ha ancora. Aggiungi un'app di autenticazione nella pagina Informazioni di sicurezza, poi torna qui.",
  "reauth.toSecurityInfo": "Vai a Informazioni di sicurezza",
  "reauth.useBackupCode": "Usa invece un codice monouso",
  "reauth.password": "Password",
  "reauth.confirm": "Conferma",

  // error page
  "errorPage.title": "Si è verificato un problema",
  "errorPage.notFoundTitle": "Pagina non trovata",
  "errorPage.home": "Vai alla pagina iniziale",

  // Notices (success and information)
  "notice.tap_deleted": "Il pass di accesso temporaneo è stato eliminato.",
  "notice.reregistration_required": "L'utente configurerà di nuovo l'MFA al prossimo accesso.",
  "notice.sessions_revoked": "L'utente è stato disconnesso ovunque.",
  "notice.password_reset": "La password è stata reimpostata.",
  "notice.user_blocked": "L'utente è bloccato.",
  "notice.user_unblocked": "L'utente è sbloccato.",
  "notice.user_unlocked": "Il blocco è terminato: i tentativi falliti ripartono da 0.",
  "notice.user_created": "L'utente è stato creato.",
  "notice.user_updated": "L'utente è stato salvato.",
  "notice.user_deleted": "L'utente è stato eliminato.",
  "notice.risk_dismissed": "Il rischio è stato ignorato.",
  "notice.risk_confirmed": "La compromissione dell'utente è stata confermata.",
  "notice.policy_saved": "I criteri sono stati salvati.",
  "notice.token_assigned": "Il token è stato assegnato: attivalo con il codice che mostra.",
  "notice.token_activated": "Il token è attivo.",
  "notice.signed_out": "Disconnessione effettuata.",
  "notice.method_added": "L'app di autenticazione è stata aggiunta.",
  "notice.method_removed": "L'app di autenticazione è stata eliminata.",
  "notice.default_changed": "Il metodo predefinito è stato modificato.",
  "notice.device_revoked":
    "Il dispositivo è stato rimosso: al prossimo accesso ti verrà chiesto di nuovo il codice.",
  "notice.session_revoked": "La sessione è stata disconnessa.",
  "notice.backup_codes_regenerated":
    "Sono stati generati nuovi codici monouso: i precedenti non funzionano più.",

  // Errors shown to a person (Varco error codes)
  "error.invalid_label":
    "L'etichetta può contenere al massimo 20 lettere, cifre, trattini bassi (_) o trattini (-).",
  "error.method_limit_reached":
    "Hai già il numero massimo di 5 app di autenticazione. Eliminane una prima di aggiungerne un'altra.",
  "error.invalid_code": "Il codice non è valido. Controllalo e riprova.",
  "error.invalid_credentials": "Il nome utente o la password non sono corretti.",
  "error.invalid_pass":
    "Il nome utente o il pass di accesso temporaneo non sono corretti, oppure il pass è scaduto o è già stato usato.",
  "error.throttled": "Troppi tentativi. Attendi qualche minuto e riprova.",
  "error.attempts_used_up":
    "Hai inserito un codice errato troppe volte: i tentativi per questo accesso sono esauriti. Accedi di nuovo dall'inizio.",
  "error.expired": "L'accesso ha richiesto troppo tempo ed è scaduto. Accedi di nuovo.",
  "error.csrf_failed":
    "Il modulo è scaduto o è stato inviato da un'altra pagina. Torna indietro, ricarica la pagina e riprova.",
  "error.reauth_required": "Conferma la password per continuare.",
  "error.not_found": "La pagina richiesta non esiste.",
  "error.internal_error": "Si è verificato un errore da parte nostra. Riprova tra qualche minuto.",
};
