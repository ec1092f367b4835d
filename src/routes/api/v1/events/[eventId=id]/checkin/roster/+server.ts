import { gzipSync } from 'node:zlib';
import { json } from '@sveltejs/kit';
import { api, apiIdParam } from '$lib/server/http';
import { db } from '$lib/server/db';
import { offlineRoster } from '$lib/server/checkin/views';
import type { RequestHandler } from './$types';

const HEADERS = { 'cache-control': 'no-store, private', pragma: 'no-cache' };

// Sensitive (token hashes, phones in the search keys): reception only, and never stored by a cache on the
// way; the scanner keeps it in IndexedDB on the device.
// Compressed when the client accepts it (browsers do): the roster is ~400 bytes a delegate, 0.6 MB at 1 500,
// and it is what a phone at the door on a slow network waits for before it can scan offline.
export const GET: RequestHandler = api(async ({ params, request }, principal) => {
	const roster = await offlineRoster(db(), principal, apiIdParam(params.eventId));
	if (!/\bgzip\b/.test(request.headers.get('accept-encoding') ?? '')) return json(roster, { headers: HEADERS });
	const body = gzipSync(JSON.stringify(roster), { level: 5 });
	return new Response(body, {
		headers: { ...HEADERS, 'content-type': 'application/json', 'content-encoding': 'gzip', 'content-length': String(body.length), vary: 'accept-encoding' }
	});
});
