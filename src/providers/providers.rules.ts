/** Rules of provider groups: a provider's parent is the group it belongs to, and groups never loop. */

export interface ProviderLink {
  readonly id: string;
  readonly name: string;
  readonly parentProviderId: string | null;
}

/**
 * Why `providerId` cannot take `proposedParentId` as its parent, or undefined when it can. `links` must
 * hold at least the proposed parent and its ancestors. A chain that already loops (which the database
 * cannot prevent on its own) is treated as a cycle rather than followed for ever.
 */
export function parentCycleMessage(
  provider: { readonly id: string; readonly name: string },
  proposedParentId: string | null | undefined,
  links: ReadonlyMap<string, ProviderLink>,
): string | undefined {
  if (!proposedParentId) return undefined;
  if (proposedParentId === provider.id) return `${provider.name} cannot be its own parent provider`;
  const seen = new Set<string>();
  let current = links.get(proposedParentId);
  const parentName = current?.name ?? 'That provider';
  while (current) {
    if (current.id === provider.id || seen.has(current.id)) {
      return `${parentName} is part of ${provider.name}’s group, so it cannot also be its parent`;
    }
    seen.add(current.id);
    current = current.parentProviderId ? links.get(current.parentProviderId) : undefined;
  }
  return undefined;
}
