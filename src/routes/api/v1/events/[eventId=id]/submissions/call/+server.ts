import { json } from '@sveltejs/kit';
import { api, apiIdParam, readJsonObject } from '$lib/server/http';
import { db } from '$lib/server/db';
import { invalid } from '$lib/server/errors';
import { requireEventAccess } from '$lib/server/auth/access';
import { getCall, saveCall } from '$lib/server/submissions/service';
import { parseCallInput } from '$lib/server/submissions/schema';
import { callDto } from '$lib/server/submissions/dto';
import type { RequestHandler } from './$types';

export const GET: RequestHandler = api(async ({ params }, principal) => {
	const eventId = apiIdParam(params.eventId);
	await requireEventAccess(db(), principal, eventId, 'submission.view');
	const call = await getCall(db(), eventId);
	return json({ call: call ? callDto(call) : null });
});

/** Creates or replaces the call (deadline, guidance, accepted types, size, length, speaking time). */
export const PUT: RequestHandler = api(async ({ params, request }, principal) => {
	const eventId = apiIdParam(params.eventId);
	await requireEventAccess(db(), principal, eventId, 'submission.review');
	const parsed = parseCallInput(await readJsonObject(request));
	if (!parsed.ok) throw invalid(parsed.errors);
	return json({ call: callDto(await saveCall(db(), principal, eventId, parsed.value)) });
});
