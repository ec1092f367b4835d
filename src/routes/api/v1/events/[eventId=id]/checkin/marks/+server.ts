import { json } from '@sveltejs/kit';
import { api, apiIdParam, readJsonObject } from '$lib/server/http';
import { db } from '$lib/server/db';
import { setAttendanceMarks } from '$lib/server/checkin/service';
import { parseMarks } from '$lib/server/checkin/schema';
import type { RequestHandler } from './$types';

export const PUT: RequestHandler = api(async ({ params, request }, principal) => {
	const marks = parseMarks((await readJsonObject(request)).marks);
	return json(await setAttendanceMarks(db(), principal, apiIdParam(params.eventId), marks));
});
