import { json } from '@sveltejs/kit';
import { api, apiIdParam } from '$lib/server/http';
import { db } from '$lib/server/db';
import { requireEventAccess } from '$lib/server/auth/access';
import { submissionsSummary } from '$lib/server/submissions/service';
import type { RequestHandler } from './$types';

/** Counts for the event overview card. */
export const GET: RequestHandler = api(async ({ params }, principal) => {
	const eventId = apiIdParam(params.eventId);
	await requireEventAccess(db(), principal, eventId, 'submission.view');
	const s = await submissionsSummary(db(), eventId);
	return json({ ...s, deadline: s.deadline?.toISOString() ?? null });
});
