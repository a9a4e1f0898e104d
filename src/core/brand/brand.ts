import { sql } from 'kysely';
import type { Actor, Tx } from '../db/database.ts';
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

/** The council an actor works in or for: its own organisation if a council, otherwise the council that manages it. */
async function councilOf(tx: Tx, actor: Actor | undefined): Promise<{ id: string; name: string } | undefined> {
  if (actor) {
    return tx
      .selectFrom('organisations as o')
      .leftJoin('organisations as m', 'm.id', 'o.managed_by_org_id')
      .select([
        sql<string>`case when o.kind = 'council' then o.id else m.id end`.as('id'),
        sql<string>`case when o.kind = 'council' then o.name else m.name end`.as('name'),
      ])
      .where('o.id', '=', actor.orgId)
      .executeTakeFirst()
      .then((row) => (row?.id ? { id: row.id, name: row.name } : undefined));
  }
  const councils = await tx.selectFrom('organisations').select(['id', 'name']).where('kind', '=', 'council').orderBy('name').limit(2).execute();
  return councils.length === 1 ? councils[0] : undefined;
}

/** The brand of the page an actor (or, signed out, the public) sees. Runs as the system: it is the page's frame. */
export async function readBrand(tx: Tx, actor: Actor | undefined): Promise<Brand> {
  const council = await councilOf(tx, actor);
  const row = council
    ? await tx
        .selectFrom('council_brands')
        .select(['privacy_url', 'accessibility_url', 'contact_url', 'logo_alt', 'updated_at', sql<boolean>`logo is not null`.as('has_logo')])
        .where('council_id', '=', council.id)
        .executeTakeFirst()
    : undefined;
  return {
    ...(council ? { council } : {}),
    ...(council && row?.has_logo ? { logo: { href: `${logoPath(council.id)}?v=${new Date(row.updated_at).getTime()}`, alt: row.logo_alt || `${council.name} logo` } } : {}),
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
