import { json } from '@sveltejs/kit';
import { api, apiIdParam } from '$lib/server/http';
import { db } from '$lib/server/db';
import { requireEventAccess } from '$lib/server/auth/access';
import { ceremonyAwards } from '$lib/server/awards/service';
import type { RequestHandler } from './$types';

/** Every award of the event in ceremony order (precedence, decision, collectives → individuals → households, list). */
export const GET: RequestHandler = api(async ({ params }, principal) => {
	const eventId = apiIdParam(params.eventId);
	await requireEventAccess(db(), principal, eventId, 'award.view');
	return json({ awards: await ceremonyAwards(db(), eventId) });
});
