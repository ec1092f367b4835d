import { json } from '@sveltejs/kit';
import { api, apiIdParam } from '$lib/server/http';
import { db } from '$lib/server/db';
import { createProgrammeTemplate, getProgramme } from '$lib/server/programme/service';
import type { RequestHandler } from './$types';

/**
 * Fills an empty programme with the usual one (NĐ 145/2013 order), the tham luận already selected for
 * presentation in speaking order; 409 programme_not_empty otherwise. Returns `count` and the programme.
 */
export const POST: RequestHandler = api(async ({ params }, principal) => {
	const eventId = apiIdParam(params.eventId);
	const count = await createProgrammeTemplate(db(), principal, eventId);
	const { event: _event, ...p } = await getProgramme(db(), principal, eventId);
	void _event;
	return json({ count, ...p }, { status: 201 });
});
