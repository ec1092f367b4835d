import { db } from '$lib/server/db';
import { requirePrincipal } from '$lib/server/http';
import { listEvents, organisationsForNewEvent, EVENT_STATUS_LABELS } from '$lib/server/events/service';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
	const principal = requirePrincipal(event);
	const showArchived = event.url.searchParams.get('archived') === '1';
	const [events, creatable] = await Promise.all([
		listEvents(db(), principal, { includeArchived: showArchived }),
		organisationsForNewEvent(db(), principal)
	]);
	return {
		showArchived,
		canCreate: creatable.length > 0,
		statusLabels: EVENT_STATUS_LABELS,
		events: events.map((e) => ({ ...e, startsAt: e.startsAt.toISOString() }))
	};
};
