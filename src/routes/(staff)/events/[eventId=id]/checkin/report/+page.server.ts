import { db } from '$lib/server/db';
import { guardLoad, idParam, requirePrincipal } from '$lib/server/http';
import { attendanceReport } from '$lib/server/checkin/report';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
	const principal = requirePrincipal(event);
	const rep = await guardLoad(() => attendanceReport(db(), principal, idParam(event.params.eventId)));
	return { report: { ...rep, event: { ...rep.event, startsAt: rep.event.startsAt.toISOString() }, generatedAt: rep.generatedAt.toISOString() } };
};
