import { json } from '@sveltejs/kit';
import { api, apiIdParam } from '$lib/server/http';
import { db } from '$lib/server/db';
import { requireEventAccess } from '$lib/server/auth/access';
import { presentedSubmissions } from '$lib/server/submissions/programme';
import type { RequestHandler } from './$types';

/** The tham luận selected for presentation, in speaking order (what the programme shows). */
export const GET: RequestHandler = api(async ({ params }, principal) => {
	const eventId = apiIdParam(params.eventId);
	await requireEventAccess(db(), principal, eventId, 'submission.view');
	return json({ presented: await presentedSubmissions(db(), eventId) });
});
