import { json } from '@sveltejs/kit';
import { api, apiIdParam, readJsonObject } from '$lib/server/http';
import { db } from '$lib/server/db';
import { checkinAccess, walkIn } from '$lib/server/checkin/service';
import { parseWalkIn } from '$lib/server/checkin/schema';
import type { RequestHandler } from './$types';

export const POST: RequestHandler = api(async ({ params, request }, principal) => {
	const eventId = apiIdParam(params.eventId);
	const access = await checkinAccess(db(), principal, eventId, 'checkin.scan');
	const input = parseWalkIn(await readJsonObject(request));
	const result = await walkIn(db(), principal, eventId, input, access);
	return json(result, { status: result.replayed ? 200 : 201 });
});
