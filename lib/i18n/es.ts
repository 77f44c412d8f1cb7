/**
 * Spanish, the original tool's language and the default (`--lang es`). The original's console
 * messages are kept word for word.
 *
 * @module
 */
import type { Change } from "../compare/diff.ts";
import { clause, type CredentialSource, type FileProblem, type ItemKind, type Words } from "./words.ts";

const source = (s: CredentialSource) =>
  "profile" in s ? `el perfil "${s.profile}"` : "la cadena de credenciales por defecto";
const login = (s: CredentialSource) =>
  "profile" in s ? `aws sso login --profile ${s.profile}` : "aws sso login";
const problem = (p: FileProblem) =>
  "alreadyExists" in p ? "ya existe" : "permissionDenied" in p ? "permiso denegado" : p.other;
const ITEMS: Record<ItemKind, string> = {
  accountId: "un id de cuenta de 12 dígitos",
  ouId: "un id de unidad organizativa (ou-xxxx-xxxxxxxx) o de raíz (r-xxxx)",
  eventName: "un nombre de evento de CloudTrail",
};

/** Every Spanish word of iam-audit. */
export const es: Words = {
  lang: "es",
  terms: {
    passwordConfigured: "Configurada",
    passwordNotConfigured: "No configurada",
    passwordNever: "Nunca",
    keyNeverUsed: "Nunca utilizada",
    // Same words as in English: see TermWords.
    incompleteUsers: (n) => `${n} user(s) could not be read completely`,
    accountNotActive: (state) => `account state is ${state}`,
    interrupted: "interrupted",
  },
  console: {
    auditingAccount: (name, id) => `Auditando cuenta: ${name} (${id})`,
    queryingCloudTrail: (name, id) => `  Consultando CloudTrail en cuenta: ${name} (${id})`,
    totalKeys: (n) => `Total de Access Keys encontradas: ${n}`,
    noKeysFound: "No se encontraron Access Keys.",
    totalEvents: (n) => `Total de eventos CloudTrail encontrados: ${n}`,
    reportExported: (file) => `Reporte exportado: ${file}`,
    eventsReportExported: (file) => `Reporte de eventos CloudTrail exportado: ${file}`,
    accountsReportExported: (file) => `Reporte de cuentas exportado: ${file}`,
    totalCredentials: (n) =>
      `Total de otras credenciales de larga duración encontradas (específicas de servicio, claves SSH, certificados de firma): ${n}`,
    credentialsReportExported: (file) => `Reporte de credenciales exportado: ${file}`,
    htmlReportExported: (file) => `Reporte HTML exportado: ${file}`,
    changesReportExported: (file) => `Reporte de cambios exportado: ${file}`,
    ocsfReportExported: (file) => `Hallazgos OCSF exportados: ${file}`,
    manifestNotWritten:
      "No se pudo escribir el manifiesto de la ejecución (run_*.json); los reportes están completos y --compare-with los lee sin él.",
    skippedAccounts: (n) => `Cuentas omitidas por no estar activas: ${n}`,
    failedAccountsHeader: (n) => `Cuentas que no se pudieron auditar: ${n}`,
    failedAccount: (name, id, stage, reason) => `  ${name} (${id}) [${stage}]: ${reason}`,
    sinceOlderThanHistory: (since) =>
      `Aviso: --since ${since} es anterior a los 90 días del historial de eventos de CloudTrail; ` +
      `LookupEvents no devuelve eventos más antiguos.`,
    allAudited: (n) => `Cuentas auditadas: ${n}`,
    accountsNotFound: (ids) =>
      `Aviso: cuentas de --accounts que no están en la organización (o fuera de --ou): ${ids}`,
    interrupting: "Interrumpiendo: no se empiezan más cuentas; Ctrl-C otra vez para salir de inmediato.",
    interrupted: (complete, cut) =>
      `Auditoría interrumpida: ${complete} cuenta(s) completas en los reportes, ${cut} cortada(s) a medias ` +
      `(marcadas "interrupted" en el reporte de cuentas); los reportes se guardaron como .partial.`,
    rootManagementUnknown: (detail) =>
      `Aviso: no se pudo leer si la organización gestiona el acceso root de forma centralizada ` +
      `(iam:ListOrganizationsFeatures: ${detail}); los hallazgos de root suponen que no.`,
    partialReportsKept: "Los reportes están incompletos y conservan sus nombres .partial:",
    threadFailed: (reason) =>
      `Aviso: un hilo de trabajo se detuvo (${reason}); sus cuentas sin terminar se auditan de nuevo en el hilo principal.`,
  },
  summary: {
    title: (benchmark) => `Hallazgos (${benchmark})`,
    none: "Sin hallazgos.",
    keys: "claves",
    credentials: "credenciales",
    own: "iam-audit",
    users: "usuarios",
    accounts: "cuentas",
    top: "Cuentas con más hallazgos:",
  },
  status: {
    accounts: "cuentas",
    running: "en curso",
    failed: "fallidas",
    users: "usuarios",
    keys: "claves",
    events: "eventos",
    throttled: "reintentos por throttling",
    elapsed: "transcurrido",
    left: "restante",
    progress: "Progreso",
    done: "terminado",
    attempt: "intento",
    throttledMark: "(throttling)",
  },
  findings: {
    KEY_NOT_ROTATED: "Access key activa con más de --max-key-age días (90 por defecto)",
    KEY_UNUSED:
      "Access key activa sin uso durante --max-unused-days días o más (nunca usada: desde su creación)",
    KEY_CREATED_WITH_USER: "Access key de un usuario de consola, creada junto con el usuario y nunca usada",
    INACTIVE_KEY: "Access key inactiva que sigue existiendo (eliminarla)",
    MULTIPLE_ACTIVE_KEYS: "Usuario con más de una access key activa",
    PASSWORD_UNUSED:
      "Contraseña de consola sin uso durante --max-unused-days días o más (nunca usada: desde su creación)",
    CONSOLE_WITHOUT_MFA: "Contraseña de consola sin ningún dispositivo MFA",
    DIRECT_POLICIES: "Políticas asignadas al usuario directamente en vez de por grupos (con --policies)",
    BEDROCK_API_KEY:
      "API key de Amazon Bedrock (una credencial específica de servicio de larga duración): da acceso a los modelos, que cuesta dinero",
    CREDENTIAL_NO_EXPIRY:
      "API key que no caduca nunca (Amazon Bedrock, CloudWatch Logs): póngale una caducidad",
    CREDENTIAL_NOT_ROTATED:
      "Credencial específica de servicio, clave SSH o certificado de firma activo con más de --max-key-age días",
    INACTIVE_CREDENTIAL:
      "Credencial específica de servicio, clave SSH o certificado de firma inactivo o caducado que sigue existiendo (eliminarlo)",
    ROOT_ACCESS_KEYS: "El usuario root tiene access keys",
    ROOT_NO_MFA: "El usuario root no tiene MFA",
    ROOT_VIRTUAL_MFA: "El MFA del usuario root es virtual, no de hardware",
    ROOT_SIGNING_CERTIFICATES: "El usuario root tiene certificados de firma X.509",
    ROOT_CREDENTIALS_REMAIN:
      "Quedan credenciales de root en una cuenta miembro aunque la organización gestiona el acceso root de forma centralizada (elimínelas)",
    ROOT_USED: "El usuario root inició sesión en la consola dentro de la ventana de CloudTrail",
    ORG_ROOT_MANAGEMENT_OFF:
      "La organización no gestiona de forma centralizada las credenciales root de sus cuentas miembro (acceso root centralizado de IAM)",
  },
  html: {
    title: "Auditoría de usuarios y access keys IAM",
    run: "Ejecución",
    date: "Fecha",
    organization: "Organización",
    managementAccount: "Cuenta de administración",
    caller: "Identidad",
    role: "Rol en las cuentas",
    window: "Ventana de CloudTrail",
    cloudTrailOff: "CloudTrail no consultado",
    version: "Versión",
    interrupted:
      "Ejecución interrumpida: este informe contiene solo las cuentas que terminaron antes de la interrupción.",
    noscript: "Las tablas necesitan JavaScript; las cifras y los gráficos no.",
    accounts: "Cuentas",
    accountsAudited: "auditadas",
    accountsFailed: "con error",
    accountsSkipped: "omitidas",
    accountsInterrupted: "interrumpidas",
    users: "Usuarios IAM",
    activeKeys: "Access keys activas",
    keysOlderThan: (days) => `Access keys de más de ${days} días`,
    keysNeverUsed: "Access keys nunca utilizadas",
    consoleUsersWithoutMfa: "Usuarios de consola sin MFA",
    accountsWithRootIssues: "Cuentas con keys de root o root sin MFA",
    keyAgeChart: "Antigüedad de las access keys (días)",
    active: "Activas",
    inactive: "Inactivas",
    findingsByAccount: (top) => `Hallazgos por cuenta (las ${top} con más)`,
    noFindings: "Sin hallazgos",
    mfaCoverage: "Cobertura de MFA",
    consoleUsersWithMfa: "Usuarios de consola con MFA",
    usersByMfa: "Usuarios por tipo de MFA",
    rootMfa: "MFA del usuario root (cuentas)",
    mfaHardware: "Hardware",
    mfaVirtual: "Virtual",
    mfaNone: "Sin MFA",
    mfaUnknown: "Desconocido",
    findingsTable: "Hallazgos",
    findingsHelp:
      "Una fila por access key (y por usuario sin keys), más una por cuenta con hallazgos de root; primero las de mayor riesgo. Pulse una fila para ver todas sus columnas.",
    legend: "Códigos de hallazgo",
    code: "Código",
    cis: "CIS",
    description: "Descripción",
    severity: "Severidad",
    count: "Total",
    severities: { critical: "crítica", high: "alta", medium: "media", low: "baja" },
    failedAccounts: "Cuentas no auditadas",
    eventsTitle: "Eventos de CloudTrail",
    eventsPerDay: "Eventos por día",
    eventsPeak: (n) => `máx. ${n}`,
    benchmark: "Benchmark",
    rootManagement: "Gestión centralizada del acceso root",
    rootManagementStates: { enabled: "activada", disabled: "desactivada", unknown: "no legible" },
    otherCredentialsActive: "Otras credenciales de larga duración activas",
    bedrockApiKeys: "API keys de Amazon Bedrock activas",
    rootStates: "Usuario root (cuentas)",
    rootStateNames: {
      no_credentials: "sin credenciales",
      credentials_remain: "quedan credenciales",
      hardware_mfa: "MFA de hardware",
      virtual_mfa: "MFA virtual",
      no_mfa: "sin MFA",
      unknown: "desconocido",
    },
    footer: (version) => `Generado por iam-audit ${version}. Este archivo no carga nada de la red.`,
    client: {
      allAccounts: "Todas las cuentas",
      allRows: "Todas las filas",
      anyFinding: "Con algún hallazgo",
      noFinding: "Sin hallazgos",
      account: "Cuenta",
      finding: "Hallazgo",
      search: "Buscar",
      searchPlaceholder: "usuario, key, ARN, texto…",
      risk: "Riesgo",
      user: "Usuario",
      accessKey: "Key o credencial",
      status: "Estado",
      age: "Antigüedad (días)",
      lastUsed: "Último uso",
      password: "Contraseña de consola",
      mfa: "MFA",
      findings: "Hallazgos",
      prev: "‹ Anterior",
      next: "Siguiente ›",
      first: "« Primera",
      last: "Última »",
      showing: "Filas {from}–{to} de {total}",
      none: "Ninguna fila coincide.",
      rows: "filas",
      root: "(usuario root)",
      accountId: "ID",
      accountState: "Estado de la cuenta",
      result: "Resultado",
      reason: "Motivo",
      audited: "auditada",
      failed: "con error",
      skipped: "omitida",
      interrupted: "interrumpida",
      time: "Fecha",
      event: "Evento",
      resources: "Recursos",
      sourceIp: "IP de origen",
      userAgent: "User agent",
      errorCode: "Error",
      region: "Región",
      eventId: "ID del evento",
      allEvents: "Todos los eventos",
      noneFailed: "Todas las cuentas activas se auditaron.",
      noEvents: "No hay eventos en la ventana.",
    },
  },
  errors: {
    roleRequired:
      "--role es obligatorio: el nombre del rol de auditoría en cada cuenta, p. ej. --role AuditRole",
    roleInvalid: (role) =>
      `--role "${role}" no es un nombre de rol IAM válido (solo letras, dígitos y +=,.@_-)`,
    profileInvalid: (profile) => `--profile "${profile}" no es un nombre de perfil válido`,
    regionInvalid: (region) => `--region "${region}" no es una región de AWS, p. ej. us-east-1`,
    langInvalid: (lang) => `--lang "${lang}" debe ser es o en`,
    outputDirEmpty: "--output-dir no puede estar vacío",
    notADate: (flag, text) =>
      `${flag} "${text}" no es una fecha: use AAAA-MM-DD o ISO 8601 (2026-02-18T10:00:00Z)`,
    sinceInFuture: (since) => `--since ${since} está en el futuro`,
    sinceAfterUntil: (since, until) => `--since ${since} es posterior a --until ${until}`,
    fileUnreadable: (flag, value, why) => `${flag} ${value}: no se puede leer el archivo (${why})`,
    itemInvalid: (flag, item, kind) => `${flag}: "${item}" no es ${ITEMS[kind]}`,
    listEmpty: (flag) => `${flag} no indica nada`,
    externalIdInvalid: "--external-id debe tener de 2 a 1224 caracteres entre letras, dígitos y +=,.@:/-",
    sessionNameInvalid: (name) =>
      `--session-name "${name}" debe tener de 2 a 64 caracteres entre letras, dígitos y +=,.@_-`,
    choiceInvalid: (flag, value, choices) => `${flag} "${value}" debe ser ${choices.join(" o ")}`,
    contradict: (a, b) => `${a} y ${b} se contradicen`,
    wholeNumber: (flag, text, min, max) => `${flag} "${text}" debe ser un número entero de ${min} a ${max}`,
    number: (flag, text, min, max) => `${flag} "${text}" debe ser un número de ${min} a ${max}`,
    unknownFlag: (flag) => `opción desconocida ${flag}; vea --help`,
    needsValue: (flag) => `${flag} necesita un valor; vea --help`,
    unexpectedArgument: (arg) => `argumento inesperado "${arg}"; las opciones empiezan por --, vea --help`,
    badCommandLine: (detail) => `${detail}; vea --help`,
    emptyScope: (notFound, excluded) =>
      "ninguna cuenta que auditar: " + [
        ...(notFound.length > 0
          ? [
            `--accounts ${notFound.join(", ")} no ${
              notFound.length === 1 ? "está" : "están"
            } en la organización (o fuera de --ou)`,
          ]
          : []),
        ...(excluded.length > 0 ? [`--exclude-accounts quita ${excluded.join(", ")}`] : []),
        ...(notFound.length + excluded.length === 0 ? ["--ou y --exclude-accounts no dejan ninguna"] : []),
      ].join("; ") + "; compruebe los ids con `aws organizations list-accounts`.",
    compareMissing: (flag, path) => `${flag} "${path}": no existe ese archivo o carpeta`,
    compareNotAReport: (flag, path) => `${flag} "${path}" no es un reporte de iam-audit`,
    compareNoRun: (flag, path) =>
      `${flag} "${path}" no contiene ninguna ejecución completa de iam-audit (un iam_audit_report_*.csv o .jsonl)`,
    comparePartial: (flag, path) =>
      `${flag} "${path}": la ejecución es parcial (interrumpida o detenida); compare con una completa`,
    compareUnreadable: (flag, path, why) => `${flag}: no se puede leer "${path}" (${clause(why)})`,
    ouNotFound: (ou) =>
      `--ou ${ou}: no existe esa unidad organizativa en esta organización; compruebe el id con ` +
      "`aws organizations list-organizational-units-for-parent`.",
    outputDirMissing: (dir) => `--output-dir "${dir}" no existe: créelo o elija otra carpeta.`,
    outputDirUnreadable: (dir, why) => `--output-dir "${dir}" no se puede leer (${why}): elija otra carpeta.`,
    outputDirNotAFolder: (dir) => `--output-dir "${dir}" no es una carpeta.`,
    outputDirNotWritable: (dir, why) =>
      `--output-dir "${dir}" no admite escritura (${why}): elija otra carpeta.`,
    tempDirUnusable: (dir, why) =>
      `No se puede crear una carpeta temporal en "${dir}" (${why}): indique en TMPDIR una carpeta con permiso de escritura.`,
    reportNotCreated: (path, p) =>
      `No se puede crear el reporte "${path}" (${
        problem(p)
      }): elija un --output-dir con permiso de escritura.`,
    reportWriteFailed: (path, reason) =>
      `No se puede escribir el reporte "${path}" (${clause(reason)}): los reportes conservan lo escrito ` +
      "hasta ahora, con sus nombres .partial; libere espacio o elija otro --output-dir y vuelva a ejecutarlo.",
    spoolFailed: (path, reason) =>
      `No se puede usar el archivo temporal "${path}" (${
        clause(reason)
      }): los reportes conservan lo escrito ` +
      "hasta ahora, con sus nombres .partial; libere espacio en la carpeta temporal (TMPDIR) y vuelva a ejecutarlo.",
    configLineInvalid: ({ file, line, section, key }) =>
      `${file} línea ${line} no es válida${
        section !== undefined
          ? ` (${JSON.stringify(section)})`
          : key !== undefined
          ? ` (el ajuste ${key})`
          : ""
      }: corrija el archivo (aws configure lo edita con seguridad) y vuelva a intentarlo.`,
    ssoExpired: (s) =>
      `La sesión SSO de ${source(s)} caducó o no es válida: ejecute \`${login(s)}\` y vuelva a intentarlo.`,
    profileNotFound: (profile) =>
      `El perfil de AWS "${profile}" no está en ~/.aws/config ni en ~/.aws/credentials: ` +
      `compruebe el nombre con \`aws configure list-profiles\`, o créelo con \`aws configure --profile ${profile}\`.`,
    noCredentials: "No se encontraron credenciales de AWS: indique --profile NOMBRE " +
      "(vea `aws configure list-profiles`) o configure credenciales con `aws configure`.",
    credentialsExpired: (s) =>
      `Las credenciales de ${source(s)} caducaron: ${
        "profile" in s ? `ejecute \`${login(s)}\` o ` : ""
      }renuévelas y vuelva a intentarlo.`,
    credentialsRejected: (s, detail) =>
      `AWS rechazó las credenciales de ${
        source(s)
      } (${detail}): compruebe las claves o la sesión del perfil.`,
    awsUnreachable: (detail) =>
      `No se pudo conectar con AWS (${detail}): compruebe la red, el proxy (HTTPS_PROXY, NO_PROXY), ` +
      "el bundle de CA (AWS_CA_BUNDLE) y AWS_ENDPOINT_URL.",
    configUnreadable: (detail) =>
      `No se pudo leer la configuración de AWS (${detail}): compruebe ~/.aws/config y ~/.aws/credentials.`,
    credentialsFailed: (s, detail) => `No se obtuvieron credenciales de ${source(s)}: ${clause(detail)}.`,
    organizationsDenied:
      "Las credenciales no pueden listar las cuentas de la organización (se denegó organizations:ListAccounts): " +
      "use un perfil de la cuenta de administración (o de un administrador delegado) cuya política permita " +
      "organizations:ListAccounts.",
    organizationsNotInUse:
      "Esta cuenta no pertenece a una AWS Organization: use un perfil de la cuenta de administración de la organización.",
    organizationUnavailable: (detail) =>
      `No se pudieron listar las cuentas de la organización: ${clause(detail)}.`,
    unexpected: (detail) => `error inesperado: ${detail}`,
    runWithDebug: "Vuelva a ejecutarlo con --debug para ver los detalles, y repórtelo.",
  },
  help: {
    tagline: "audita los usuarios IAM y sus access keys en todas las cuentas de una AWS Organization.",
    usage: "Uso:",
    groups: {
      required: "Obligatorio:",
      credentials: "Credenciales y roles:",
      scope: "Alcance:",
      findings: "Hallazgos:",
      output: "Salida:",
      speed: "Velocidad y límites:",
      other: "",
    },
    flags: {
      role: "Rol asumido en cada cuenta miembro (arn:aws:iam::<id>:role/NOMBRE), " +
        "p. ej. AWSControlTowerExecution u OrganizationAccountAccessRole.",
      profile:
        "Perfil de AWS de la cuenta de administración (estático, SSO, credential_process o assume-role). " +
        "Por defecto: la cadena de credenciales por defecto del SDK.",
      externalId: "ExternalId que se pasa a AssumeRole. Por defecto: ninguno.",
      sessionName: "RoleSessionName de AssumeRole.",
      accounts:
        "Solo estas cuentas: ids separados por comas, o @ARCHIVO (uno o más por línea, # comentarios). " +
        "Por defecto: todas las cuentas.",
      excludeAccounts: "Nunca estas cuentas (misma sintaxis).",
      ous: "Solo las cuentas bajo estas unidades organizativas, recursivamente (ou-... o r-...).",
      events: "Nombres de eventos de CloudTrail a consultar, separados por comas.",
      noCloudTrail: "No leer CloudTrail (sin eventos ni comprobación de inicios de sesión de root).",
      region: "Región de las consultas a CloudTrail (y de STS).",
      since: "Inicio de la ventana de CloudTrail, AAAA-MM-DD o ISO 8601. Por defecto: hace 90 días.",
      until: "Fin de la ventana de CloudTrail. Por defecto: ahora.",
      policies: "Leer también las políticas asignadas directamente a los usuarios (DIRECT_POLICIES).",
      maxKeyAge:
        "Una key activa (u otra credencial de larga duración) con más días que estos no está rotada.",
      maxUnusedDays: "Una credencial sin uso durante estos días es KEY_UNUSED / PASSWORD_UNUSED.",
      cis: "Versión del CIS AWS Foundations Benchmark cuyos números de recomendación citan los hallazgos.",
      outputDir: "Carpeta de los reportes (debe existir). Por defecto: la carpeta actual.",
      format: "Formato de los reportes tabulares.",
      ocsf: "Escribir también cada hallazgo como OCSF 1.6 Detection Finding (findings_STAMP.ocsf.jsonl).",
      compareWith:
        "Los reportes de una ejecución anterior (su carpeta: la ejecución completa más reciente; o uno de " +
        "sus archivos): escribir también lo que cambió desde entonces (changes_STAMP.csv).",
      html: "Escribir el reporte HTML (lo habitual).",
      noHtml: "No escribir el reporte HTML.",
      lang: "Idioma de la consola, de los mensajes y de las palabras de los reportes.",
      quiet: "Mostrar solo los errores y los nombres de los reportes.",
      verbose: "Mostrar también cada intento de llamada a AWS y su duración.",
      debug: "Mostrar la causa y la pila de los errores.",
      concurrency: "Peticiones a AWS en curso como máximo; 1 hace una petición cada vez, como el original.",
      accountsInFlight: "Cuentas auditadas a la vez como máximo: la mitad de --concurrency al principio, " +
        "más mientras las peticiones en curso no bastan para ocupar los huecos (cuando mandan los límites de AWS).",
      threads:
        "Hilos de trabajo que auditan cuentas (uno por cada dos núcleos, como mucho 4; 1: solo el hilo " +
        "principal): cada uno toma cuentas según tiene sitio, con su parte de --concurrency y " +
        "--accounts-in-flight; las organizaciones de 16 cuentas o menos se auditan en el hilo principal.",
      userConcurrency: "Usuarios auditados a la vez en una cuenta.",
      iamRps:
        "Peticiones a IAM por segundo y por cuenta, todas las acciones juntas, como máximo: se reduce " +
        "mientras IAM limita y vuelve a subir poco a poco.",
      cloudTrailRps: "Consultas LookupEvents por segundo y por cuenta, como mucho 2 (se reduce igual).",
      maxAttempts: "Intentos por petición a AWS antes de darla por fallida.",
      requestTimeout: "Segundos antes de abandonar y reintentar una petición HTTP.",
      help: "Mostrar esta ayuda.",
      version: "Mostrar la versión.",
    },
    defaultIs: (value) => `Por defecto: ${value}.`,
    reportsTitle:
      "Reportes (mismo sello de hora UTC, en --output-dir, modo 0600; .jsonl con --format jsonl):",
    reports: {
      iam: "una fila por access key, y por usuario sin keys",
      events: "los eventos IAM de la ventana",
      accounts: "una fila por cuenta: auditada, con error u omitida, y por qué",
      credentials: "una fila por credencial específica de servicio, clave SSH pública y certificado de firma",
      changes: "con --compare-with: una fila por cambio desde la ejecución anterior",
      manifest: "lo que se pidió a la ejecución (alcance, ventana, umbrales), para comparaciones futuras",
      ocsf: "con --ocsf: cada hallazgo como OCSF 1.6 Detection Finding",
      html: "una página autocontenida para leerlo todo",
    },
    exitCodes:
      "Códigos de salida: 0 todas las cuentas auditadas; 1 no pudo empezar; 2 uso; 3 alguna cuenta falló;\n" +
      "                   4 no se pudieron escribir los reportes; 130 interrumpido (reportes como *.partial.*).",
    examples: "Ejemplos:",
  },
  changes: {
    title: (date, total) => `Desde la auditoría anterior (${date}): ${total} cambio(s)`,
    none: "Nada cambió.",
    kinds: {
      account_added: "cuentas nuevas",
      account_removed: "cuentas eliminadas",
      account_state_changed: "cuentas que cambiaron de estado",
      user_added: "usuarios nuevos",
      user_removed: "usuarios eliminados",
      credential_added: "keys y credenciales nuevas",
      credential_removed: "keys y credenciales eliminadas",
      credential_status_changed: "keys y credenciales que cambiaron de estado",
      password_added: "contraseñas de consola creadas",
      password_removed: "contraseñas de consola eliminadas",
      mfa_changed: "usuarios cuyo MFA cambió",
      root_changed: "usuarios root que cambiaron de estado",
      root_management_changed: "cambios en la gestión centralizada del acceso root",
      finding_opened: "hallazgos abiertos",
      finding_resolved: "hallazgos resueltos",
    },
    worst: "Los más graves:",
    describe: (c) => {
      const arrow = `${c.before ?? "-"} → ${c.after ?? "-"}`;
      const what: Record<Exclude<Change["kind"], "not_compared">, string> = {
        account_added: "cuenta nueva",
        account_removed: "cuenta eliminada",
        account_state_changed: `estado de la cuenta ${arrow}`,
        user_added: "usuario nuevo",
        user_removed: "usuario eliminado",
        credential_added: "nueva",
        credential_removed: "eliminada",
        credential_status_changed: `estado ${arrow}`,
        password_added: "contraseña de consola creada",
        password_removed: "contraseña de consola eliminada",
        mfa_changed: `MFA ${arrow}`,
        root_changed: `usuario root ${arrow}`,
        root_management_changed: `gestión centralizada del acceso root ${arrow}`,
        finding_opened: `${c.finding} abierto`,
        finding_resolved: `${c.finding} resuelto`,
      };
      const on = [
        c.credentialId
          ? `${c.credentialType === "access_key" ? "access key" : c.credentialType} ${c.credentialId}`
          : "",
        c.user ? `${c.credentialId ? "de " : "usuario "}${c.user}` : "",
        c.account ? `${c.user || c.credentialId ? "en " : ""}${c.account.name} (${c.account.id})` : "",
      ].filter((p) => p !== "").join(" ");
      return c.kind === "not_compared" ? `sin comparar (${c.reason}): ${on}` : `${on}: ${what[c.kind]}`;
    },
    notCompared: {
      outside_previous_scope: (n) =>
        `${n} cuenta(s) sin comparar: fuera del alcance de la ejecución anterior`,
      outside_current_scope: (n) =>
        `${n} cuenta(s) sin comparar: fuera del alcance de esta ejecución (o no alcanzadas)`,
      incomplete_previous: (n) =>
        `${n} cuenta(s) sin comparar: no se auditaron por completo en la ejecución anterior`,
      incomplete_current: (n) =>
        `${n} cuenta(s) sin comparar: no se auditaron por completo en esta ejecución`,
      no_credentials_before: (n) =>
        `${n} cuenta(s): otras credenciales de larga duración sin comparar (la ejecución anterior no las inventarió)`,
      no_findings_before: () => "hallazgos sin comparar: los reportes anteriores no los tienen",
      thresholds_differ: () =>
        "los umbrales de las ejecuciones difieren: algunos hallazgos se abrieron o resolvieron por ellos",
      window_differs: () => "las ventanas de CloudTrail difieren: ROOT_USED depende de la ventana",
    },
  },
};
