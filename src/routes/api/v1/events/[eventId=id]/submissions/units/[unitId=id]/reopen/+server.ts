import { json } from '@sveltejs/kit';
import { api, apiIdParam, readJsonObject } from '$lib/server/http';
import { db } from '$lib/server/db';
import { invalid } from '$lib/server/errors';
import { requireEventAccess } from '$lib/server/auth/access';
import { reopenUnit } from '$lib/server/submissions/service';
import { parseInstant } from '$lib/server/submissions/schema';
import type { RequestHandler } from './$types';

/** Reopens uploads for this unit until {until} (past the deadline); {until: null} closes it again. */
export const POST: RequestHandler = api(async ({ params, request }, principal) => {
	const eventId = apiIdParam(params.eventId);
	await requireEventAccess(db(), principal, eventId, 'submission.review');
	const body = await readJsonObject(request);
	if (!('until' in body)) throw invalid({ until: 'Cần until (ngày giờ) hoặc null' });
	const until = body.until === null ? null : parseInstant(body.until);
	if (body.until !== null && !until) throw invalid({ until: 'Ngày giờ không hợp lệ' });
	await reopenUnit(db(), principal, eventId, apiIdParam(params.unitId), until);
	return json({ ok: true, until: until?.toISOString() ?? null });
});
