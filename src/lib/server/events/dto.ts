/** JSON shapes of events for the API (camelCase, ISO dates). */
import type { EventRow } from '$lib/server/auth/access';
import { eventStatus } from './service';

export function eventDto(e: EventRow, tiers?: { id: number; name: string; position: number; is_leader: boolean }[]) {
	return {
		id: e.id,
		organisationId: e.organisation_id,
		kind: e.kind,
		title: e.title,
		movement: e.movement,
		periodLabel: e.period_label,
		startsAt: e.starts_at.toISOString(),
		endsAt: e.ends_at?.toISOString() ?? null,
		venue: e.venue,
		address: e.address,
		organiserName: e.organiser_name,
		authorityParent: e.authority_parent,
		authorityName: e.authority_name,
		placeName: e.place_name,
		docNumber: e.doc_number,
		docSymbol: e.doc_symbol,
		signerPrefix: e.signer_prefix,
		signerTitle: e.signer_title,
		signerName: e.signer_name,
		notes: e.notes,
		status: eventStatus(e),
		archivedAt: e.archived_at?.toISOString() ?? null,
		...(tiers
			? { tiers: tiers.map((t) => ({ id: t.id, name: t.name, position: t.position, isLeader: t.is_leader })) }
			: {})
	};
}
