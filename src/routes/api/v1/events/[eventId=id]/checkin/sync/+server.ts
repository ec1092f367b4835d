import { json } from '@sveltejs/kit';
import { api, apiIdParam, readJsonObject } from '$lib/server/http';
import { db } from '$lib/server/db';
import { checkinAccess, syncScans } from '$lib/server/checkin/service';
import { parseSyncItems } from '$lib/server/checkin/schema';
import type { RequestHandler } from './$types';

export const POST: RequestHandler = api(async ({ params, request }, principal) => {
	const eventId = apiIdParam(params.eventId);
	const access = await checkinAccess(db(), principal, eventId, 'checkin.scan');
	const items = parseSyncItems(await readJsonObject(request));
	return json({ results: await syncScans(db(), principal, eventId, items, access) });
});
