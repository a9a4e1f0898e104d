import { sql } from 'kysely';
import type { Actor, Db, Tx } from '../db/database.ts';
import type { CouncilBrandsTable } from '../db/schema/core.ts';

/**
 * The council's own brand on every page (issue 15): Care Oversight is a council's service, not GOV.UK's, so
 * pages carry no crown, GOV.UK logotype or Crown copyright; the header names the council (with its logo, if
 * an administrator uploaded one) and the footer links to the council's own privacy notice, accessibility
 * statement and contact page, or to this service's pages until the council sets its own.
 */
export interface FooterLink {
  readonly href: string;
  readonly text: string;
}

export interface Brand {
  /** The council the page belongs to: the signed-in person's, or the deployment's only council for the public. */
  readonly council?: { readonly id: string; readonly name: string };
  readonly logo?: { readonly href: string; readonly alt: string };
  readonly footerLinks: readonly FooterLink[];
}

/** What an administrator sets: empty for this service's own page. */
export interface BrandSettings {
  readonly privacyUrl: string;
  readonly accessibilityUrl: string;
  readonly contactUrl: string;
  readonly logoAlt: string;
  readonly hasLogo: boolean;
}

export const DEFAULT_LINKS = { privacy: '/privacy', accessibility: '/accessibility', contact: '/contact' } as const;

export const logoPath = (councilId: string) => `/brand/${councilId}/logo`;

/**
 * The brand of the page an actor (or, signed out, the public) sees: the council the actor works in or for (its
 * own organisation if a council, otherwise the council that manages it; for the public, the deployment's only
 * council) and that council's settings. Runs as the system: it is the page's frame. One statement, so it needs
 * no transaction: every page makes it, and it takes the database itself as well as a unit of work.
 */
export async function readBrand(tx: Tx | Db, actor: Actor | undefined): Promise<Brand> {
  const council = actor
    ? sql`select case when o.kind = 'council' then o.id else m.id end as id, case when o.kind = 'council' then o.name else m.name end as name
        from organisations o left join organisations m on m.id = o.managed_by_org_id where o.id = ${actor.orgId}`
    : sql`select id, name from organisations where kind = 'council'
        and (select count(*) from (select 1 from organisations where kind = 'council' limit 2) two) = 1`;
  const result = await sql<{
    id: string | null;
    name: string | null;
    privacy_url: string | null;
    accessibility_url: string | null;
    contact_url: string | null;
    logo_alt: string | null;
    updated_at: Date | string | null;
    has_logo: boolean | null;
  }>`with c as (${council})
    select c.id, c.name, b.privacy_url, b.accessibility_url, b.contact_url, b.logo_alt, b.updated_at, b.logo is not null as has_logo
    from c left join council_brands b on b.council_id = c.id`.execute(tx);
  const row = result.rows[0];
  const found = row?.id && row.name ? { id: row.id, name: row.name } : undefined;
  return {
    ...(found ? { council: found } : {}),
    ...(found && row?.has_logo && row.updated_at ? { logo: { href: `${logoPath(found.id)}?v=${new Date(row.updated_at).getTime()}`, alt: row.logo_alt || `${found.name} logo` } } : {}),
    footerLinks: [
      { href: row?.privacy_url || DEFAULT_LINKS.privacy, text: 'Privacy notice' },
      { href: row?.accessibility_url || DEFAULT_LINKS.accessibility, text: 'Accessibility statement' },
      { href: row?.contact_url || DEFAULT_LINKS.contact, text: 'Contact' },
    ],
  };
}

export async function readBrandSettings(tx: Tx, councilId: string): Promise<BrandSettings> {
  const row = await tx
    .selectFrom('council_brands')
    .select(['privacy_url', 'accessibility_url', 'contact_url', 'logo_alt', sql<boolean>`logo is not null`.as('has_logo')])
    .where('council_id', '=', councilId)
    .executeTakeFirst();
  return {
    privacyUrl: row?.privacy_url ?? '',
    accessibilityUrl: row?.accessibility_url ?? '',
    contactUrl: row?.contact_url ?? '',
    logoAlt: row?.logo_alt ?? '',
    hasLogo: row?.has_logo ?? false,
  };
}

type BrandChange = Partial<Pick<CouncilBrandsTable, 'privacy_url' | 'accessibility_url' | 'contact_url' | 'logo' | 'logo_type' | 'logo_alt'>>;

/** Saves part of a council's brand (a logo must already be checked by `acceptLogo`). */
export async function saveBrand(tx: Tx, councilId: string, change: BrandChange): Promise<void> {
  await tx
    .insertInto('council_brands')
    .values({ council_id: councilId, ...change })
    .onConflict((oc) => oc.column('council_id').doUpdateSet({ ...change, updated_at: sql`now()` }))
    .execute();
}

export async function readLogo(tx: Tx, councilId: string): Promise<{ bytes: Buffer; type: string } | undefined> {
  const row = await tx.selectFrom('council_brands').select(['logo', 'logo_type']).where('council_id', '=', councilId).executeTakeFirst();
  return row?.logo && row.logo_type ? { bytes: Buffer.from(row.logo), type: row.logo_type } : undefined;
}
