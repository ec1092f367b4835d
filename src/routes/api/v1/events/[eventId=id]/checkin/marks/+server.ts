import { json } from '@sveltejs/kit';
import { api, apiIdParam, readJsonObject } from '$lib/server/http';
import { db } from '$lib/server/db';
import { checkinAccess, setAttendanceMarks } from '$lib/server/checkin/service';
import { parseMarks } from '$lib/server/checkin/schema';
import type { RequestHandler } from './$types';

export const PUT: RequestHandler = api(async ({ params, request }, principal) => {
	await checkinAccess(db(), principal, apiIdParam(params.eventId), 'checkin.manage');
	const marks = parseMarks((await readJsonObject(request)).marks);
	return json(await setAttendanceMarks(db(), principal, apiIdParam(params.eventId), marks));
});
