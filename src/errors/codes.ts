/**
 * Every error code Varco answers with. Codes are stable: append only, never rename or reuse one.
 * The code doubles as the key of the message shown to a person (English and Italian here).
 * docs/errors.md lists each one; a test keeps the two in step.
 */
export const errorCodes = {
  internal_error: { status: 500, en: "Something went wrong.", it: "Si è verificato un errore." },
  invalid_request: {
    status: 400,
    en: "The request is not valid.",
    it: "La richiesta non è valida.",
  },
  unauthorized: {
    status: 401,
    en: "Authentication is required.",
    it: "È necessaria l'autenticazione.",
  },
  not_found: { status: 404, en: "Not found.", it: "Non trovato." },
  forbidden: {
    status: 403,
    en: "Your roles do not allow this.",
    it: "I tuoi ruoli non consentono questa operazione.",
  },
  invalid_config: {
    status: 500,
    en: "The configuration is not valid.",
    it: "La configurazione non è valida.",
  },
  invalid_base32: {
    status: 400,
    en: "The secret key is not valid Base32.",
    it: "La chiave segreta non è in Base32 valido.",
  },
  invalid_otpauth_uri: {
    status: 400,
    en: "The otpauth URI is not valid.",
    it: "L'URI otpauth non è valido.",
  },
  invalid_otp_parameters: {
    status: 400,
    en: "The OTP parameters are not valid.",
    it: "I parametri OTP non sono validi.",
  },
  invalid_master_key: {
    status: 500,
    en: "The master key is not valid.",
    it: "La chiave principale non è valida.",
  },
  sealed_data_invalid: {
    status: 500,
    en: "Encrypted data could not be opened.",
    it: "Impossibile decifrare i dati.",
  },
  tenant_not_found: { status: 404, en: "Tenant not found.", it: "Tenant non trovato." },
  audit_chain_broken: {
    status: 500,
    en: "The audit log has been changed outside Varco.",
    it: "Il registro di controllo è stato modificato al di fuori di Varco.",
  },
  tenant_exists: {
    status: 409,
    en: "A tenant with this name already exists.",
    it: "Esiste già un tenant con questo nome.",
  },
  user_not_found: { status: 404, en: "User not found.", it: "Utente non trovato." },
  user_exists: {
    status: 409,
    en: "A user with this UPN already exists.",
    it: "Esiste già un utente con questo UPN.",
  },
  invalid_upn: {
    status: 400,
    en: "The user principal name is not valid.",
    it: "Il nome utente (UPN) non è valido.",
  },
  invalid_password: {
    status: 400,
    en: "The password does not meet the requirements.",
    it: "La password non rispetta i requisiti.",
  },
  method_not_found: {
    status: 404,
    en: "Authentication method not found.",
    it: "Metodo di autenticazione non trovato.",
  },
  method_limit_reached: {
    status: 409,
    en: "At most 5 OATH tokens or authenticator apps per user.",
    it: "Al massimo 5 token OATH o app di autenticazione per utente.",
  },
  method_not_pending: {
    status: 409,
    en: "This method is already active.",
    it: "Questo metodo è già attivo.",
  },
  invalid_label: {
    status: 400,
    en: "The label may hold at most 20 letters, digits, _ or -.",
    it: "L'etichetta può contenere al massimo 20 lettere, cifre, _ o -.",
  },
  invalid_code: { status: 400, en: "The code is not valid.", it: "Il codice non è valido." },
  api_key_not_found: {
    status: 404,
    en: "API key not found.",
    it: "Chiave API non trovata.",
  },
  invalid_reason: {
    status: 400,
    en: "A reason is required.",
    it: "È necessario indicare un motivo.",
  },
  group_not_found: { status: 404, en: "Group not found.", it: "Gruppo non trovato." },
  group_exists: {
    status: 409,
    en: "A group with this name already exists.",
    it: "Esiste già un gruppo con questo nome.",
  },
  invalid_ip_range: {
    status: 400,
    en: "The IP range is not valid.",
    it: "L'intervallo di indirizzi IP non è valido.",
  },
  invalid_policy: {
    status: 400,
    en: "The policy setting is not valid.",
    it: "L'impostazione dei criteri non è valida.",
  },
  invalid_credentials: {
    status: 401,
    en: "The user name or password is incorrect.",
    it: "Nome utente o password non corretti.",
  },
  throttled: {
    status: 429,
    en: "Too many attempts. Try again later.",
    it: "Troppi tentativi. Riprova più tardi.",
  },
  sign_in_expired: {
    status: 401,
    en: "The sign-in has expired. Start again.",
    it: "L'accesso è scaduto. Ricomincia.",
  },
  locked_out: {
    status: 423,
    en: "Too many failed attempts: the account is locked for now.",
    it: "Troppi tentativi non riusciti: l'account è bloccato per ora.",
  },
  csrf_failed: {
    status: 403,
    en: "The form has expired. Reload the page and try again.",
    it: "Il modulo è scaduto. Ricarica la pagina e riprova.",
  },
  reauth_required: {
    status: 403,
    en: "Confirm your password to continue.",
    it: "Conferma la password per continuare.",
  },
  session_required: {
    status: 401,
    en: "Sign in to continue.",
    it: "Accedi per continuare.",
  },
  invalid_temporary_access_pass: {
    status: 400,
    en: "The Temporary Access Pass settings are not valid.",
    it: "Le impostazioni del pass di accesso temporaneo non sono valide.",
  },
  temporary_access_pass_exists: {
    status: 409,
    en: "The user already has a Temporary Access Pass: delete it first.",
    it: "L'utente ha già un pass di accesso temporaneo: eliminalo prima.",
  },
  admin_mfa_required: {
    status: 403,
    en: "The admin pages need a sign-in with a second factor: sign out, then sign in again with your code.",
    it: "Le pagine di amministrazione richiedono un accesso con un secondo fattore: esci e accedi di nuovo con il codice.",
  },
  hardware_token_not_found: {
    status: 404,
    en: "No hardware token with this serial number.",
    it: "Nessun token hardware con questo numero di serie.",
  },
  hardware_token_assigned: {
    status: 409,
    en: "The hardware token, or the user, is taken: one token per user, each token to one user.",
    it: "Il token hardware, o l'utente, è già associato: un token per utente, ogni token a un solo utente.",
  },
  hotp_resync_failed: {
    status: 400,
    en: "The two codes are not consecutive codes of this token.",
    it: "I due codici non sono codici consecutivi di questo token.",
  },
  temporary_access_pass_not_found: {
    status: 404,
    en: "The user has no Temporary Access Pass.",
    it: "L'utente non ha un pass di accesso temporaneo.",
  },
  last_global_administrator: {
    status: 409,
    en: "The last Global Administrator keeps the role: give it to someone else first.",
    it: "L'ultimo Amministratore globale mantiene il ruolo: assegnalo prima a un'altra persona.",
  },
  unsupported_media_type: {
    status: 415,
    en: "The request's content type is not one this address accepts.",
    it: "Il tipo di contenuto della richiesta non è tra quelli accettati da questo indirizzo.",
  },
  body_too_large: {
    status: 413,
    en: "The request is too large.",
    it: "La richiesta è troppo grande.",
  },
  invalid_characters: {
    status: 400,
    en: "The request holds characters that are not allowed, such as control characters.",
    it: "La richiesta contiene caratteri non ammessi, come i caratteri di controllo.",
  },
  unsafe_file_mode: {
    status: 500,
    en: "A file or folder holding secrets is open to other users of this computer.",
    it: "Un file o una cartella con dati segreti è accessibile ad altri utenti di questo computer.",
  },
  database_unavailable: {
    status: 503,
    en: "The database does not answer. Try again shortly.",
    it: "Il database non risponde. Riprova tra poco.",
  },
  cannot_listen: {
    status: 500,
    en: "The server cannot listen on the configured address.",
    it: "Il server non può mettersi in ascolto sull'indirizzo configurato.",
  },
  password_too_guessable: {
    status: 400,
    en: "This password is too common or too easy to guess: it is a known password, or made of words, names, dates or your own user name. Choose a longer one, such as a few unrelated words.",
    it: "Questa password è troppo comune o facile da indovinare: è una password nota, oppure è fatta di parole, nomi, date o del tuo nome utente. Scegline una più lunga, ad esempio alcune parole senza legame tra loro.",
  },
  origin_refused: {
    status: 403,
    en: "This form was sent from another site. Open Varco's page and try again.",
    it: "Questo modulo è stato inviato da un altro sito. Apri la pagina di Varco e riprova.",
  },
  length_required: {
    status: 411,
    en: "Send the file with its length (a Content-Length header).",
    it: "Invia il file con la sua lunghezza (un'intestazione Content-Length).",
  },
  invalid_display_name: {
    status: 400,
    en: "The display name must have 1 to 256 characters.",
    it: "Il nome visualizzato deve avere da 1 a 256 caratteri.",
  },
  invalid_mail: {
    status: 400,
    en: "The e-mail address is not valid.",
    it: "L'indirizzo e-mail non è valido.",
  },
  invalid_phone_number: {
    status: 400,
    en: "The phone number is not valid: write it with the country code, such as +39 333 1234567.",
    it: "Il numero di telefono non è valido: scrivilo con il prefisso internazionale, ad esempio +39 333 1234567.",
  },
  invalid_department: {
    status: 400,
    en: "The department must have at most 64 characters.",
    it: "Il reparto deve avere al massimo 64 caratteri.",
  },
  invalid_domain: {
    status: 400,
    en: "The domain is not valid: a DNS name such as school.it.",
    it: "Il dominio non è valido: serve un nome DNS come scuola.it.",
  },
  domain_exists: {
    status: 409,
    en: "This domain already belongs to a tenant.",
    it: "Questo dominio appartiene già a un tenant.",
  },
  domain_not_found: {
    status: 404,
    en: "The tenant has no such domain.",
    it: "Il tenant non ha questo dominio.",
  },
  label_in_use: {
    status: 409,
    en: "The user already has a method with this label.",
    it: "L'utente ha già un metodo con questa etichetta.",
  },
  // first-run setup
  already_set_up: {
    status: 409,
    en: "This tenant already has a Global Administrator: setup has been done.",
    it: "Questo tenant ha già un amministratore globale: la configurazione iniziale è già stata fatta.",
  },
  upn_outside_domain: {
    status: 400,
    en: "The administrator's user name must end in the domain given.",
    it: "Il nome utente dell'amministratore deve terminare con il dominio indicato.",
  },
  // LDAP / Active Directory as a tenant's user store
  invalid_directory_settings: {
    status: 400,
    en: "A directory setting is not valid.",
    it: "Un'impostazione della directory non è valida.",
  },
  directory_insecure_url: {
    status: 400,
    en: "The directory must be reached over TLS: use ldaps://, or ldap:// with StartTLS.",
    it: "La directory va raggiunta tramite TLS: usa ldaps://, oppure ldap:// con StartTLS.",
  },
  directory_not_configured: {
    status: 404,
    en: "This tenant takes its users from no directory.",
    it: "Questo tenant non prende gli utenti da una directory.",
  },
  directory_unavailable: {
    status: 503,
    en: "The user directory cannot be reached, so passwords cannot be checked now. Try again in a few minutes; if it goes on, tell your helpdesk.",
    it: "La directory degli utenti non è raggiungibile e le password non si possono verificare ora. Riprova tra qualche minuto; se il problema continua, avvisa l'assistenza.",
  },
  password_kept_by_directory: {
    status: 409,
    en: "Passwords of this organisation are kept by its directory: change the password there.",
    it: "Le password di questa organizzazione sono gestite dalla sua directory: cambia la password lì.",
  },
  directory_sync_empty: {
    status: 409,
    en: "The directory returned no users, so nobody was disabled: check the base DN and the user filter.",
    it: "La directory non ha restituito utenti, quindi nessuno è stato disattivato: controlla il DN di base e il filtro degli utenti.",
  },
  // SCIM provisioning
  scim_invalid_filter: {
    status: 400,
    en: "The SCIM filter is not valid.",
    it: "Il filtro SCIM non è valido.",
  },
  scim_invalid_path: {
    status: 400,
    en: "The SCIM attribute path is not valid.",
    it: "Il percorso dell'attributo SCIM non è valido.",
  },
  scim_invalid_syntax: {
    status: 400,
    en: "The SCIM request cannot be read.",
    it: "La richiesta SCIM non è leggibile.",
  },
  scim_invalid_value: {
    status: 400,
    en: "A value in the SCIM request is missing or not valid.",
    it: "Un valore della richiesta SCIM manca o non è valido.",
  },
  scim_no_target: {
    status: 400,
    en: "The SCIM operation names no value to change.",
    it: "L'operazione SCIM non indica alcun valore da modificare.",
  },
  scim_mutability: {
    status: 400,
    en: "This SCIM attribute cannot be changed.",
    it: "Questo attributo SCIM non può essere modificato.",
  },
  scim_external_id_exists: {
    status: 409,
    en: "Another resource of the tenant has this externalId.",
    it: "Un'altra risorsa del tenant ha questo externalId.",
  },
  scim_resource_not_found: {
    status: 404,
    en: "The tenant has no such SCIM resource.",
    it: "Il tenant non ha questa risorsa SCIM.",
  },
  scim_privileged_user: {
    status: 403,
    en: "The user holds an administrator role: change their sign-in in Varco, not by provisioning.",
    it: "L'utente ha un ruolo di amministratore: modifica il suo accesso in Varco, non tramite il provisioning.",
  },
  scim_policy_group: {
    status: 409,
    en: "The tenant's MFA policy names this group: change the policy before deleting it.",
    it: "I criteri MFA del tenant indicano questo gruppo: modifica i criteri prima di eliminarlo.",
  },
  scim_token_not_found: {
    status: 404,
    en: "The tenant has no live SCIM token with this id.",
    it: "Il tenant non ha un token SCIM attivo con questo id.",
  },
  // Enrolment campaigns
  invalid_campaign: {
    status: 400,
    en: "The campaign is not valid: it needs a start before its deadline, 0 to 30 postponements and reminders every 1 to 30 days.",
    it: "La campagna non è valida: servono un inizio precedente alla scadenza, da 0 a 30 rinvii e promemoria ogni 1-30 giorni.",
  },
  campaign_not_found: {
    status: 404,
    en: "The tenant has no such enrolment campaign.",
    it: "Il tenant non ha questa campagna di registrazione.",
  },
  campaign_ended: {
    status: 409,
    en: "The enrolment campaign has ended already.",
    it: "La campagna di registrazione è già terminata.",
  },
  // tenant branding
  invalid_accent_colour: {
    status: 400,
    en: "The accent colour is not valid: write it as #rrggbb, such as #0b4f8a.",
    it: "Il colore principale non è valido: scrivilo come #rrggbb, ad esempio #0b4f8a.",
  },
  accent_colour_low_contrast: {
    status: 400,
    en: "The accent colour is too light: white text on it, and links in it, need a contrast of at least 4.5:1. Choose a darker colour.",
    it: "Il colore principale è troppo chiaro: il testo bianco su di esso e i link di quel colore richiedono un contrasto di almeno 4,5:1. Scegli un colore più scuro.",
  },
  logo_not_png_or_jpeg: {
    status: 400,
    en: "The logo must be a PNG or JPEG image.",
    it: "Il logo deve essere un'immagine PNG o JPEG.",
  },
  logo_too_large: {
    status: 400,
    en: "The logo is too large: at most 100 KB.",
    it: "Il logo è troppo grande: al massimo 100 KB.",
  },
  logo_dimensions_too_large: {
    status: 400,
    en: "The logo is too big: at most 1024 × 1024 pixels.",
    it: "Il logo ha dimensioni eccessive: al massimo 1024 × 1024 pixel.",
  },
  logo_file_unreadable: {
    status: 400,
    en: "The logo file cannot be read.",
    it: "Impossibile leggere il file del logo.",
  },
  // account picker
  too_many_accounts: {
    status: 409,
    en: "This browser is signed in to 5 accounts, the most it can hold: sign out of one to add another.",
    it: "In questo browser hai già effettuato l'accesso a 5 account, il massimo possibile: esci da uno per aggiungerne un altro.",
  },
  account_not_signed_in: {
    status: 404,
    en: "This browser is not signed in to that account (any more): sign in to it again.",
    it: "In questo browser non hai (più) effettuato l'accesso a quell'account: accedi di nuovo.",
  },
  // phone numbers
  phone_country_code_required: {
    status: 400,
    en: "Start the number with + and the country code, for example +39 333 123 4567.",
    it: "Inizia il numero con + e il prefisso internazionale, ad esempio +39 333 123 4567.",
  },
  invalid_phone_type: {
    status: 400,
    en: "The phone type is mobile, alternateMobile or office.",
    it: "Il tipo di telefono è mobile, alternateMobile oppure office.",
  },
  phone_type_taken: {
    status: 409,
    en: "There is already a phone of this type: change it or remove it first.",
    it: "Esiste già un telefono di questo tipo: modificalo o rimuovilo prima.",
  },
  phone_method_not_found: {
    status: 404,
    en: "There is no phone of this type (any more).",
    it: "Non esiste (più) un telefono di questo tipo.",
  },
  // SMS codes
  phone_code_cooldown: {
    status: 429,
    en: "A code was sent a moment ago: wait a little before asking for another.",
    it: "Un codice è stato inviato poco fa: attendi un momento prima di chiederne un altro.",
  },
  phone_limit_reached: {
    status: 429,
    en: "No more codes can be sent by SMS for now: use another method, or try again later.",
    it: "Per ora non è possibile inviare altri codici via SMS: usa un altro metodo o riprova più tardi.",
  },
  phone_number_not_allowed: {
    status: 400,
    en: "Codes cannot be sent by SMS to this number: use a mobile number of a country your organisation allows.",
    it: "Non è possibile inviare codici via SMS a questo numero: usa un numero di cellulare di un paese consentito dalla tua organizzazione.",
  },
  phone_method_unavailable: {
    status: 409,
    en: "Codes by SMS are not available for this account.",
    it: "I codici via SMS non sono disponibili per questo account.",
  },
  phone_send_failed: {
    status: 502,
    en: "The SMS could not be sent: try again in a moment, or use another method.",
    it: "Non è stato possibile inviare l'SMS: riprova tra poco o usa un altro metodo.",
  },
  phone_call_waiting: {
    status: 409,
    en: "The call has not been answered with # yet: answer it, then continue.",
    it: "Alla chiamata non è ancora stato risposto con #: rispondi, poi continua.",
  },
  phone_call_denied: {
    status: 401,
    en: "The call was not approved: it was denied, not answered, or could not be placed. Call again or use another method.",
    it: "La chiamata non è stata approvata: è stata rifiutata, non ha avuto risposta o non è stato possibile effettuarla. Chiama di nuovo o usa un altro metodo.",
  },
  // voice calls
  greeting_too_large: {
    status: 400,
    en: "The greeting is too large: at most 1 MB.",
    it: "Il messaggio di saluto è troppo grande: al massimo 1 MB.",
  },
  greeting_too_long: {
    status: 400,
    en: "The greeting is too long: it must last under 20 seconds.",
    it: "Il messaggio di saluto è troppo lungo: deve durare meno di 20 secondi.",
  },
  greeting_format: {
    status: 400,
    en: "The greeting must be a WAV or MP3 audio file.",
    it: "Il messaggio di saluto deve essere un file audio WAV o MP3.",
  },
  invalid_fraud_code: {
    status: 400,
    en: "The fraud code has one or two of the keys 0-9, * and #, and does not start with #.",
    it: "Il codice di illecito ha uno o due tasti tra 0-9, * e #, e non inizia con #.",
  },
  voice_call_failed: {
    status: 502,
    en: "The call could not be placed. Try again later or choose another method.",
    it: "Non è stato possibile effettuare la chiamata. Riprova più tardi o scegli un altro metodo.",
  },
  // a tenant's phone settings
  invalid_phone_settings: {
    status: 400,
    en: "The phone settings are not valid.",
    it: "Le impostazioni del telefono non sono valide.",
  },
  invalid_country_code: {
    status: 400,
    en: "The country is not an ISO 3166 two-letter code, such as IT.",
    it: "Il paese non è un codice ISO 3166 di due lettere, ad esempio IT.",
  },
  invalid_phone_limit: {
    status: 400,
    en: "The limit is not a whole number within its range.",
    it: "Il limite non è un numero intero compreso nel suo intervallo.",
  },
  invalid_caller_id: {
    status: 400,
    en: "The caller ID is not a phone number with + and the country code.",
    it: "L'ID chiamante non è un numero di telefono con + e il prefisso internazionale.",
  },
  invalid_sms_gateway: {
    status: 400,
    en: "The SMS gateway settings are not valid.",
    it: "Le impostazioni del gateway SMS non sono valide.",
  },
  invalid_voice_provider: {
    status: 400,
    en: "The phone call provider settings are not valid.",
    it: "Le impostazioni del provider delle telefonate non sono valide.",
  },
  phone_settings_changed: {
    status: 409,
    en: "The phone settings were changed meanwhile: open them again and repeat the change.",
    it: "Le impostazioni del telefono sono state modificate nel frattempo: riaprile e ripeti la modifica.",
  },
  // authentication method configurations
  method_configuration_not_found: {
    status: 404,
    en: "There is no such authentication method.",
    it: "Questo metodo di autenticazione non esiste.",
  },
  invalid_method_configuration: {
    status: 400,
    en: "The method's settings are not valid: it is enabled or disabled, for all users or for groups named once each.",
    it: "Le impostazioni del metodo non sono valide: è attivato o disattivato, per tutti gli utenti o per gruppi indicati una volta ciascuno.",
  },
  too_many_method_targets: {
    status: 400,
    en: "A method can name at most 50 groups to include and 50 to exclude.",
    it: "Un metodo può indicare al massimo 50 gruppi da includere e 50 da escludere.",
  },
  unknown_target_group: {
    status: 400,
    en: "One of the groups chosen does not exist (any more).",
    it: "Uno dei gruppi scelti non esiste (più).",
  },
  phone_gateway_not_configured: {
    status: 409,
    en: "Text messages and calls need a gateway: configure one in the phone settings before enabling the method.",
    it: "SMS e chiamate richiedono un gateway: configuralo nelle impostazioni telefoniche prima di attivare il metodo.",
  },
  // the default method can be a phone
  invalid_preferred_method: {
    status: 400,
    en: "The default method is an app, a code by SMS to a mobile or a call to a phone.",
    it: "Il metodo predefinito è un'app, un codice via SMS a un cellulare o una chiamata a un telefono.",
  },
  preferred_phone_not_found: {
    status: 404,
    en: "You have no phone of this type (any more): add it before making it the default.",
    it: "Non esiste (più) un telefono di questo tipo: aggiungilo prima di renderlo predefinito.",
  },
  preferred_sms_office: {
    status: 400,
    en: "Codes by SMS go only to mobiles: an office phone can be the default for calls.",
    it: "I codici via SMS arrivano solo ai cellulari: un telefono dell'ufficio può essere predefinito per le chiamate.",
  },
  // changing one's own password
  passwords_do_not_match: {
    status: 400,
    en: "The two new passwords are not the same.",
    it: "Le due nuove password non coincidono.",
  },
  wrong_current_password: {
    status: 401,
    en: "The current password is not right.",
    it: "La password attuale non è corretta.",
  },
  same_password: {
    status: 400,
    en: "The new password is the current one: choose another.",
    it: "La nuova password è quella attuale: scegline un'altra.",
  },
  // passkeys and security keys (WebAuthn)
  passkeys_unavailable: {
    status: 409,
    en: "Passkeys need Varco to be reached at an https:// address with a domain name (VARCO_PUBLIC_URL).",
    it: "Le passkey richiedono che Varco sia raggiungibile a un indirizzo https:// con un nome di dominio (VARCO_PUBLIC_URL).",
  },
  passkey_not_allowed: {
    status: 403,
    en: "Your organisation does not allow passkeys or security keys for your account.",
    it: "La tua organizzazione non consente passkey o chiavi di sicurezza per il tuo account.",
  },
  too_many_passkeys: {
    status: 409,
    en: "You have the most passkeys and security keys allowed (10): remove one first.",
    it: "Hai già il numero massimo di passkey e chiavi di sicurezza (10): rimuovine una prima.",
  },
  passkey_registration_failed: {
    status: 400,
    en: "The passkey or security key could not be registered. Try again.",
    it: "Non è stato possibile registrare la passkey o la chiave di sicurezza. Riprova.",
  },
  passkey_attestation_required: {
    status: 400,
    en: "Your organisation accepts only security keys that prove their model (attestation): this one does not.",
    it: "La tua organizzazione accetta solo chiavi di sicurezza che dimostrano il proprio modello (attestazione): questa non lo fa.",
  },
  passkey_model_not_allowed: {
    status: 400,
    en: "Your organisation does not allow this model of passkey or security key.",
    it: "La tua organizzazione non consente questo modello di passkey o chiave di sicurezza.",
  },
  passkey_already_registered: {
    status: 409,
    en: "This passkey or security key is registered already.",
    it: "Questa passkey o chiave di sicurezza è già registrata.",
  },
  passkey_failed: {
    status: 401,
    en: "The passkey or security key was not accepted. Try again, or choose another method.",
    it: "La passkey o la chiave di sicurezza non è stata accettata. Riprova o scegli un altro metodo.",
  },
  // passkeys and security keys, as administrators configure and remove them
  invalid_fido2_settings: {
    status: 400,
    en: "The passkey settings are not valid: AAGUIDs are lower-case 8-4-4-4-12 hex, each named once, and an allow list names at least one.",
    it: "Le impostazioni delle passkey non sono valide: gli AAGUID sono esadecimali minuscoli 8-4-4-4-12, ciascuno indicato una volta, e un elenco di consentiti ne indica almeno uno.",
  },
  too_many_aaguids: {
    status: 400,
    en: "The key restrictions can name at most 100 authenticator models (AAGUIDs).",
    it: "Le restrizioni sulle chiavi possono indicare al massimo 100 modelli di autenticatore (AAGUID).",
  },
  passkey_not_found: {
    status: 404,
    en: "There is no such passkey or security key (any more).",
    it: "Questa passkey o chiave di sicurezza non esiste (più).",
  },
  invalid_passkey_name: {
    status: 400,
    en: "A passkey's name is 1 to 64 characters.",
    it: "Il nome di una passkey è lungo da 1 a 64 caratteri.",
  },
  invalid_webauthn_response: {
    status: 400,
    en: "The browser's answer is not a WebAuthn credential.",
    it: "La risposta del browser non è una credenziale WebAuthn.",
  },
  // self-service password reset ("Forgot your password?")
  password_reset_not_enabled: {
    status: 403,
    en: "Your organisation does not let you reset your password here: ask your helpdesk.",
    it: "La tua organizzazione non consente di reimpostare la password qui: rivolgiti all'assistenza.",
  },
  password_reset_expired: {
    status: 410,
    en: "This password reset is over (it lasts 15 minutes and allows 5 wrong answers): start again.",
    it: "Questa reimpostazione della password è terminata (dura 15 minuti e consente 5 risposte errate): ricomincia.",
  },
  method_not_offered: {
    status: 400,
    en: "This method cannot be used to reset your password.",
    it: "Questo metodo non può essere usato per reimpostare la password.",
  },
  reset_verification_failed: {
    status: 400,
    en: "We could not verify you with that. Check it and try again, or choose another method.",
    it: "Non è stato possibile verificarti con questo dato. Controllalo e riprova, oppure scegli un altro metodo.",
  },
  password_reset_not_verified: {
    status: 403,
    en: "Verify your identity with the methods asked before choosing a new password.",
    it: "Verifica la tua identità con i metodi richiesti prima di scegliere una nuova password.",
  },
  // a new password written to the tenant's directory
  directory_refused_password: {
    status: 400,
    en: "The directory refused the new password.",
    it: "La directory ha rifiutato la nuova password.",
  },
  // e-mail as an authentication method (self-service password reset only)
  invalid_email_address: {
    status: 400,
    en: "Enter an e-mail address such as name@example.org (no spaces, at most 254 characters).",
    it: "Inserisci un indirizzo e-mail come nome@esempio.it (senza spazi, al massimo 254 caratteri).",
  },
  email_method_exists: {
    status: 409,
    en: "The user has an authentication e-mail already: change it or delete it first.",
    it: "L'utente ha già un indirizzo e-mail di verifica: modificalo o eliminalo prima.",
  },
  email_method_not_found: {
    status: 404,
    en: "There is no authentication e-mail (any more).",
    it: "Non c'è (più) un indirizzo e-mail di verifica.",
  },
  email_method_not_allowed: {
    status: 403,
    en: "Your organisation does not allow e-mail as a verification method for you.",
    it: "La tua organizzazione non ti consente di usare l'e-mail come metodo di verifica.",
  },
  email_limit_reached: {
    status: 429,
    en: "Too many codes have been sent by e-mail: try again in an hour.",
    it: "Sono stati inviati troppi codici per e-mail: riprova tra un'ora.",
  },
  email_send_failed: {
    status: 502,
    en: "The e-mail with the code could not be sent. Try again later.",
    it: "Non è stato possibile inviare l'e-mail con il codice. Riprova più tardi.",
  },
  // security questions, for self-service password reset
  security_questions_not_enabled: {
    status: 403,
    en: "Your organisation does not use security questions.",
    it: "La tua organizzazione non usa le domande di sicurezza.",
  },
  security_questions_admin_denied: {
    status: 403,
    en: "Security questions are not available to administrators: use another method.",
    it: "Le domande di sicurezza non sono disponibili per gli amministratori: usa un altro metodo.",
  },
  security_question_unknown: {
    status: 400,
    en: "Choose a question from the list.",
    it: "Scegli una domanda dall'elenco.",
  },
  security_question_repeated: {
    status: 400,
    en: "This question is chosen twice: choose a different one.",
    it: "Questa domanda è scelta due volte: scegline un'altra.",
  },
  security_answer_too_short: {
    status: 400,
    en: "An answer needs at least 3 characters.",
    it: "Una risposta deve avere almeno 3 caratteri.",
  },
  security_answer_too_long: {
    status: 400,
    en: "An answer can have at most 40 characters.",
    it: "Una risposta può avere al massimo 40 caratteri.",
  },
  security_answer_repeated: {
    status: 400,
    en: "This answer is given to another question too: each answer must be different.",
    it: "Questa risposta è data anche a un'altra domanda: ogni risposta deve essere diversa.",
  },
  wrong_security_question_count: {
    status: 400,
    en: "Answer exactly the number of questions your organisation asks for.",
    it: "Rispondi esattamente al numero di domande richiesto dalla tua organizzazione.",
  },
  no_security_questions: {
    status: 404,
    en: "No security questions are registered.",
    it: "Non ci sono domande di sicurezza registrate.",
  },
  invalid_custom_question: {
    status: 400,
    en: "A custom question is 1 to 200 characters on one line.",
    it: "Una domanda personalizzata ha da 1 a 200 caratteri su una sola riga.",
  },
  too_many_custom_questions: {
    status: 409,
    en: "The organisation has 20 custom questions already: delete one first.",
    it: "L'organizzazione ha già 20 domande personalizzate: eliminane prima una.",
  },
  custom_question_repeated: {
    status: 409,
    en: "There is a custom question with these words already.",
    it: "Esiste già una domanda personalizzata con queste parole.",
  },
  custom_question_not_found: {
    status: 404,
    en: "There is no such custom question (any more).",
    it: "Questa domanda personalizzata non esiste (più).",
  },
  // app passwords
  app_passwords_not_allowed: {
    status: 403,
    en: "Your organisation does not allow app passwords.",
    it: "La tua organizzazione non consente le password dell'app.",
  },
  too_many_app_passwords: {
    status: 409,
    en: "You have the most app passwords allowed (40): delete one first.",
    it: "Hai già il numero massimo di password dell'app (40): eliminane una prima.",
  },
  app_password_name_taken: {
    status: 409,
    en: "You have an app password with this name already: choose another name.",
    it: "Hai già una password dell'app con questo nome: scegline un altro.",
  },
  invalid_app_password_name: {
    status: 400,
    en: "An app password's name is 1 to 40 characters.",
    it: "Il nome di una password dell'app è lungo da 1 a 40 caratteri.",
  },
  app_password_not_found: {
    status: 404,
    en: "There is no such app password (any more).",
    it: "Questa password dell'app non esiste (più).",
  },
} as const satisfies Record<string, { status: number; en: string; it: string }>;

export type ErrorCode = keyof typeof errorCodes;
