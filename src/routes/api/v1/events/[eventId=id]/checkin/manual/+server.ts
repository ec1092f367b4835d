import { json } from '@sveltejs/kit';
import { api, apiIdParam, readJsonObject } from '$lib/server/http';
import { db } from '$lib/server/db';
import { manualCheckIn } from '$lib/server/checkin/service';
import { parseManualInput } from '$lib/server/checkin/schema';
import type { RequestHandler } from './$types';

export const POST: RequestHandler = api(async ({ params, request }, principal) => {
	const input = parseManualInput(await readJsonObject(request));
	return json(await manualCheckIn(db(), principal, apiIdParam(params.eventId), input));
});
