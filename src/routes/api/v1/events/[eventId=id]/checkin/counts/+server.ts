import { json } from '@sveltejs/kit';
import { api, apiIdParam } from '$lib/server/http';
import { db } from '$lib/server/db';
import { liveSummary } from '$lib/server/checkin/views';
import type { RequestHandler } from './$types';

export const GET: RequestHandler = api(async ({ params }, principal) => {
	return json(await liveSummary(db(), principal, apiIdParam(params.eventId)));
});
