import { db } from '$lib/server/db';
import { guardLoad, idParam, requirePrincipal } from '$lib/server/http';
import { getEvent, EVENT_STATUS_LABELS } from '$lib/server/events/service';
import { permissionsOf, ROLE_LABELS } from '$lib/server/auth/permissions';
import type { LayoutServerLoad } from './$types';

export const load: LayoutServerLoad = async (event) => {
	const principal = requirePrincipal(event);
	const id = idParam(event.params.eventId);
	const { event: e, role, tiers, status } = await guardLoad(() => getEvent(db(), principal, id));
	return {
		event: {
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
			placeName: e.place_name,
			archived: !!e.archived_at,
			status,
			statusLabel: EVENT_STATUS_LABELS[status]
		},
		tiers: tiers.map((t) => ({ id: t.id, name: t.name, position: t.position, isLeader: t.is_leader })),
		role,
		roleLabel: ROLE_LABELS[role],
		permissions: permissionsOf(role)
	};
};
