import { json } from '@sveltejs/kit';
import { api, apiIdParam, readJsonObject } from '$lib/server/http';
import { db } from '$lib/server/db';
import { scan } from '$lib/server/checkin/service';
import { parseScanInput } from '$lib/server/checkin/schema';
import type { RequestHandler } from './$types';

// Every answer of a scan (ok, already, refused with its reason) is 200 with a result code: a refusal is
// an answer for the door, not an error of the request.
export const POST: RequestHandler = api(async ({ params, request }, principal) => {
	const input = parseScanInput(await readJsonObject(request));
	return json(await scan(db(), principal, apiIdParam(params.eventId), input));
});
