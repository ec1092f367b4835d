import { json } from '@sveltejs/kit';
import { api, apiIdParam } from '$lib/server/http';
import { db } from '$lib/server/db';
import { offlineRoster } from '$lib/server/checkin/views';
import type { RequestHandler } from './$types';

// Sensitive (token hashes, phones in the search keys): reception only, and never stored by a cache on the
// way; the scanner keeps it in IndexedDB on the device.
export const GET: RequestHandler = api(async ({ params }, principal) => {
	const roster = await offlineRoster(db(), principal, apiIdParam(params.eventId));
	return json(roster, { headers: { 'cache-control': 'no-store, private', pragma: 'no-cache' } });
});
