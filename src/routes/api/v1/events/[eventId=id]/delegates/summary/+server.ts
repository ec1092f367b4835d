import { json } from '@sveltejs/kit';
import { api, apiIdParam } from '$lib/server/http';
import { db } from '$lib/server/db';
import { delegateSummary } from '$lib/server/delegates/service';
import type { RequestHandler } from './$types';

/** Counts by tier and by reply status (the event overview card). */
export const GET: RequestHandler = api(async ({ params }, principal) => {
	return json(await delegateSummary(db(), principal, apiIdParam(params.eventId)));
});
