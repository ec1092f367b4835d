import { json } from '@sveltejs/kit';
import { api, apiIdParam, isId, readJsonObject } from '$lib/server/http';
import { db } from '$lib/server/db';
import { requireEventAccess } from '$lib/server/auth/access';
import { invalid } from '$lib/server/errors';
import { reorderTier } from '$lib/server/delegates/service';
import type { RequestHandler } from './$types';

export const PUT: RequestHandler = api(async ({ params, request }, principal) => {
	const eventId = apiIdParam(params.eventId);
	await requireEventAccess(db(), principal, eventId, 'delegate.edit');
	const body = await readJsonObject(request);
	const tierId = Number(body.tierId);
	const ids = body.delegateIds;
	if (!isId(tierId)) throw invalid({ tierId: 'Thiếu mã cấp đại biểu' });
	if (!Array.isArray(ids) || ids.some((x) => !isId(x)) || ids.length > 20_000)
		throw invalid({ delegateIds: 'Danh sách mã đại biểu không hợp lệ' });
	await reorderTier(db(), principal, eventId, tierId, ids as number[]);
	return json({ ok: true });
});
