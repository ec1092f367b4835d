import { json } from '@sveltejs/kit';
import { api, apiIdParam, isId, readJsonObject } from '$lib/server/http';
import { db } from '$lib/server/db';
import { invalid } from '$lib/server/errors';
import { normalizeText } from '$lib/format/names';
import { checkinAccess, undoCheckIn } from '$lib/server/checkin/service';
import type { RequestHandler } from './$types';

export const POST: RequestHandler = api(async ({ params, request }, principal) => {
	const eventId = apiIdParam(params.eventId);
	await checkinAccess(db(), principal, eventId, 'checkin.scan');
	const body = await readJsonObject(request);
	const delegateId = Number(body.delegateId);
	if (!isId(delegateId)) throw invalid({ delegateId: 'Thiếu mã đại biểu' });
	const reason = normalizeText(typeof body.reason === 'string' ? body.reason : '').slice(0, 300);
	return json(await undoCheckIn(db(), principal, eventId, { delegateId, reason }));
});
