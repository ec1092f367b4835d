import { db } from '$lib/server/db';
import { guardLoad, idParam, requirePrincipal } from '$lib/server/http';
import { liveSummary } from '$lib/server/checkin/views';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
	const principal = requirePrincipal(event);
	const summary = await guardLoad(() => liveSummary(db(), principal, idParam(event.params.eventId)));
	return { summary };
};
