import { json } from '@sveltejs/kit';
import { api, apiIdParam, readJsonObject } from '$lib/server/http';
import { db } from '$lib/server/db';
import { checkinAccess, scan } from '$lib/server/checkin/service';
import { parseScanInput } from '$lib/server/checkin/schema';
import type { RequestHandler } from './$types';

// Every answer of a scan (ok, already, refused with its reason) is 200 with a result code: a refusal is
// an answer for the door, not an error of the request.
export const POST: RequestHandler = api(async ({ params, request }, principal) => {
	const eventId = apiIdParam(params.eventId);
	const access = await checkinAccess(db(), principal, eventId, 'checkin.scan');
	const input = parseScanInput(await readJsonObject(request));
	return json(await scan(db(), principal, eventId, input, access));
});
