import { json } from '@sveltejs/kit';
import { api, apiIdParam, isId, readJsonObject } from '$lib/server/http';
import { db } from '$lib/server/db';
import { requireEventAccess } from '$lib/server/auth/access';
import { invalid } from '$lib/server/errors';
import { parseVnDate } from '$lib/format';
import { quotePrize } from '$lib/server/awards/service';
import type { RecipientKind } from '$lib/server/awards/tables';
import type { RequestHandler } from './$types';

/** Prize calculator: { decisionDate, formId, kind } → amount and the rule (decree, coefficient, base salary, rounding). Stores nothing. */
export const POST: RequestHandler = api(async ({ params, request }, principal) => {
	const eventId = apiIdParam(params.eventId);
	await requireEventAccess(db(), principal, eventId, 'award.view');
	const body = await readJsonObject(request);
	const errors: Record<string, string> = {};
	const decisionDate = parseVnDate(String(body.decisionDate ?? ''));
	if (!decisionDate) errors.decisionDate = 'Ngày quyết định không hợp lệ';
	const formId = Number(body.formId);
	if (!isId(formId)) errors.formId = 'Chọn hình thức khen thưởng';
	const kind = String(body.kind ?? '') as RecipientKind;
	if (!['collective', 'individual', 'household'].includes(kind)) errors.kind = 'kind: collective, individual hoặc household';
	if (Object.keys(errors).length) throw invalid(errors);
	return json(await quotePrize(db(), principal, eventId, { decisionDate: decisionDate!, formId, kind }));
});
