import { json } from '@sveltejs/kit';
import { api, apiIdParam, readJsonObject } from '$lib/server/http';
import { db } from '$lib/server/db';
import { checkinAccess, manualCheckIn } from '$lib/server/checkin/service';
import { parseManualInput } from '$lib/server/checkin/schema';
import type { RequestHandler } from './$types';

export const POST: RequestHandler = api(async ({ params, request }, principal) => {
	const eventId = apiIdParam(params.eventId);
	const access = await checkinAccess(db(), principal, eventId, 'checkin.scan');
	const input = parseManualInput(await readJsonObject(request));
	return json(await manualCheckIn(db(), principal, eventId, input, access));
});
