/** What `care-oversight help` prints: every command with every flag it accepts (README's command table says the same). */
export const USAGE = `usage: care-oversight <command>
  serve [--port 3000] [--host 127.0.0.1] [--demo [--scale council]]   migrate, then serve the web app and API (--demo loads demo data into an empty database, at --scale small|council|region|national)
  migrate                                           apply migrations
  demo [--scale small|council|region|national]      load generated demo data into an empty database
  org add --code CODE --name NAME --kind council|provider|partner [--managed-by COUNCIL_CODE]   a provider or partner is managed by the council named
  user add --email E --name N --org ORG_CODE --role ROLE [--team TEAM] [--password-stdin]
  sso set --org CODE --issuer URL --client-id ID --client-secret-stdin [--email-domains D1,D2] [--create-users]   a council's single sign-on (OpenID Connect)
  sso map --org CODE --claim VALUE --role ROLE      a group or app-role claim value of the council's directory and the role it gives
  import cqc PATH [--org ORG_CODE --local-authority NAME] [--keep-good-rows] [--progress]   import CQC open data (CSV, XLSX or API JSON; a file or a folder)
  import assessments FILE --org ORG_CODE             import past assessment results (PAMMS, East of England workbook; CSV or XLSX), all or nothing
  cqc sync [--since TIMESTAMP | --full] [--org ORG_CODE --local-authority NAME] [--keep-good-rows]   read the CQC API (CQC_API_BASE_URL, CQC_API_KEY)
  share --org CODE --with CODE [--revoke] [--enter-and-view] [--reports]   the council shares its live status and alerts with a council or partner (its quarterly headline figures too with --reports), or stops
  outbox [--list]                                   summarise outgoing emails (with --list, one line per unsent email)
  outbox retry --id ID | --all-given-up             make emails that were given up due again
  export FILE [--org ORG_CODE]                      write a backup of the database (or of one council) to FILE
  restore FILE                                      load a backup into an empty database
storage: DATABASE_URL=postgres://… for a PostgreSQL server, otherwise PGlite files in DATA_DIR (default ./data)`;
